//! Sending xAPI statements to a learning record store: HTTP basic authentication, batches,
//! retries on transient failures, and a record of what each LRS already holds so nothing is
//! sent twice. Credentials are only ever held in memory.

use base64::Engine;
use serde_json::Value;
use std::time::Duration;

/// Statements per request.
pub const DEFAULT_BATCH: usize = 50;
/// Attempts per batch before giving up on a transient failure.
const ATTEMPTS: u32 = 5;

/// Who the LRS is talking to. `Debug` hides the password so it never reaches a log.
#[derive(Clone)]
pub struct Credentials {
    pub user: String,
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Credentials {{ user: {:?}, password: <hidden> }}", self.user)
    }
}

/// The statements resource of an LRS, from its xAPI root or the resource itself.
pub fn statements_url(endpoint: &str) -> String {
    let trimmed = endpoint.trim_end_matches('/');
    if trimmed.ends_with("/statements") { trimmed.to_owned() } else { format!("{trimmed}/statements") }
}

/// What a push did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PushReport {
    pub sent: usize,
    pub already_there: usize,
    pub batches: usize,
    pub retries: usize,
}

enum Outcome {
    Stored,
    /// 409: the LRS already has these statement ids.
    Conflict,
    Retry(String),
    Fail(String),
}

fn post(agent: &ureq::Agent, url: &str, auth: &str, body: &str) -> Outcome {
    let response = agent
        .post(url)
        .header("Authorization", auth)
        .header("X-Experience-API-Version", "1.0.3")
        .header("Content-Type", "application/json")
        .send(body);
    match response {
        Ok(response) => match response.status().as_u16() {
            200..=299 => Outcome::Stored,
            409 => Outcome::Conflict,
            401 | 403 => Outcome::Fail(format!("the LRS refused the credentials ({})", response.status())),
            429 | 500..=599 => Outcome::Retry(format!("the LRS answered {}", response.status())),
            _ => {
                let status = response.status();
                let detail = response.into_body().read_to_string().unwrap_or_default();
                Outcome::Fail(format!("the LRS answered {status}: {}", detail.chars().take(300).collect::<String>()))
            }
        },
        Err(err) => Outcome::Retry(format!("cannot reach the LRS: {err}")),
    }
}

/// Sends `statements` to the LRS at `endpoint` in batches, skipping any id `sent` already
/// knows, and calls `remember` with the ids of each batch the LRS confirmed.
pub fn push(
    endpoint: &str,
    credentials: &Credentials,
    statements: &[Value],
    batch: usize,
    sent: &dyn Fn(&str) -> bool,
    remember: &mut dyn FnMut(&[String]) -> Result<(), String>,
) -> Result<PushReport, String> {
    let url = statements_url(endpoint);
    let token =
        base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", credentials.user, credentials.password));
    let auth = format!("Basic {token}");
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let pending: Vec<&Value> = statements.iter().filter(|s| s["id"].as_str().is_none_or(|id| !sent(id))).collect();
    let mut report = PushReport { already_there: statements.len() - pending.len(), ..PushReport::default() };
    for chunk in pending.chunks(batch.max(1)) {
        let ids: Vec<String> = chunk.iter().filter_map(|s| s["id"].as_str().map(str::to_owned)).collect();
        let body = serde_json::to_string(chunk).expect("statements always serialise");
        let mut delay = Duration::from_millis(250);
        let mut outcome = post(&agent, &url, &auth, &body);
        for _ in 1..ATTEMPTS {
            let Outcome::Retry(_) = outcome else { break };
            report.retries += 1;
            std::thread::sleep(delay);
            delay *= 2;
            outcome = post(&agent, &url, &auth, &body);
        }
        match outcome {
            Outcome::Stored => report.sent += chunk.len(),
            Outcome::Conflict => {
                // Some of the batch is already there: send one by one, so only the new ones
                // count as sent and the rest as already there.
                for statement in chunk {
                    let one = serde_json::to_string(&[statement]).expect("statements always serialise");
                    match post(&agent, &url, &auth, &one) {
                        Outcome::Stored => report.sent += 1,
                        Outcome::Conflict => report.already_there += 1,
                        Outcome::Retry(why) | Outcome::Fail(why) => return Err(why),
                    }
                }
            }
            Outcome::Retry(why) => return Err(format!("{why} (gave up after {ATTEMPTS} tries)")),
            Outcome::Fail(why) => return Err(why),
        }
        report.batches += 1;
        remember(&ids)?;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_debug_output() {
        assert_eq!(statements_url("http://127.0.0.1:8100/xAPI/"), "http://127.0.0.1:8100/xAPI/statements");
        assert_eq!(statements_url("https://lrs.example/xAPI/statements"), "https://lrs.example/xAPI/statements");
        let credentials = Credentials { user: "ana".into(), password: "s3cret".into() };
        assert!(!format!("{credentials:?}").contains("s3cret"));
    }
}
