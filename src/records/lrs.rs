//! Sending xAPI statements to a learning record store: HTTP basic authentication, batches,
//! retries on transient failures, and a record of what each LRS already holds so nothing is
//! sent twice. Credentials are only ever held in memory.

use base64::Engine;
use serde_json::Value;
use std::time::Duration;

/// Statements per request.
pub const DEFAULT_BATCH: usize = 50;
/// Tries per batch before giving up on a transient failure.
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

/// How long one request may take to connect, and then to be answered, by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// Checks an LRS address before anything is sent: an http or https URL with a host and no
/// user name or password in it (credentials in a URL end up in logs and in the history,
/// which records each LRS by its address).
pub fn check_endpoint(endpoint: &str) -> Result<(), String> {
    let Some((scheme, rest)) = endpoint.split_once("://") else {
        return Err(format!("`{endpoint}` is not a URL: give one like http://127.0.0.1:8100/xAPI/"));
    };
    if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
        return Err(format!("`{scheme}` is not supported: the LRS must be reached over http or https"));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Err("the LRS URL holds a user name or password; remove it and set HARDCALL_LRS_USER and HARDCALL_LRS_PASSWORD instead (they are never stored)".to_owned());
    }
    if authority.is_empty() || authority.starts_with(':') {
        return Err(format!("`{endpoint}` names no host"));
    }
    Ok(())
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
            408 | 429 | 500..=599 => Outcome::Retry(format!("the LRS answered {}", response.status())),
            _ => {
                let status = response.status();
                let detail = response.into_body().read_to_string().unwrap_or_default();
                Outcome::Fail(format!("the LRS answered {status}: {}", detail.chars().take(300).collect::<String>()))
            }
        },
        // Only what may pass is tried again: the network, a timeout. A bad address, a protocol
        // or TLS mismatch (https to a plain-http port) fails the same way every time.
        Err(err @ (ureq::Error::Timeout(_) | ureq::Error::ConnectionFailed)) => {
            Outcome::Retry(format!("cannot reach the LRS: {err}"))
        }
        Err(ureq::Error::Io(io)) if transient(&io) => Outcome::Retry(format!("cannot reach the LRS: {io}")),
        Err(ureq::Error::Io(io)) if io.kind() == std::io::ErrorKind::InvalidData => Outcome::Fail(format!(
            "cannot talk to the LRS: {io} (is it plain http rather than https, or the other way round?)"
        )),
        Err(err) => Outcome::Fail(format!("cannot talk to the LRS: {err}")),
    }
}

/// Network failures that may pass: the connection refused, reset or cut off mid-answer.
fn transient(err: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        err.kind(),
        ConnectionRefused
            | ConnectionReset
            | ConnectionAborted
            | NotConnected
            | BrokenPipe
            | TimedOut
            | UnexpectedEof
            | Interrupted
            | WouldBlock
            | AddrNotAvailable
    )
}

/// Sends statements to one LRS in batches as they are handed over, so a push holds one batch
/// at a time however large the history.
pub struct Pusher {
    agent: ureq::Agent,
    url: String,
    auth: String,
    pub report: PushReport,
    /// Told about every retry and every batch, for progress on the terminal.
    progress: Box<dyn FnMut(&str)>,
}

impl Pusher {
    pub fn new(
        endpoint: &str,
        credentials: &Credentials,
        timeout: Duration,
        progress: Box<dyn FnMut(&str)>,
    ) -> Result<Pusher, String> {
        check_endpoint(endpoint)?;
        let token =
            base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", credentials.user, credentials.password));
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(timeout))
            .timeout_recv_response(Some(timeout))
            .timeout_global(Some(timeout * 3))
            .build()
            .into();
        Ok(Pusher {
            agent,
            url: statements_url(endpoint),
            auth: format!("Basic {token}"),
            report: PushReport::default(),
            progress,
        })
    }

    /// Sends one batch, retrying what may pass with a growing pause; the batch is stored (or
    /// found already there) when this returns `Ok`.
    pub fn send(&mut self, chunk: &[Value]) -> Result<(), String> {
        let body = serde_json::to_string(chunk).expect("statements always serialise");
        let mut delay = Duration::from_millis(250);
        let mut outcome = post(&self.agent, &self.url, &self.auth, &body);
        for attempt in 2..=ATTEMPTS {
            let Outcome::Retry(why) = &outcome else { break };
            self.report.retries += 1;
            (self.progress)(&format!("{why}; trying again in {:.1} s ({attempt} of {ATTEMPTS})", delay.as_secs_f64()));
            std::thread::sleep(delay);
            delay *= 2;
            outcome = post(&self.agent, &self.url, &self.auth, &body);
        }
        match outcome {
            Outcome::Stored => self.report.sent += chunk.len(),
            Outcome::Conflict => {
                // Some of the batch is already there: send one by one, so only the new ones
                // count as sent and the rest as already there.
                for statement in chunk {
                    let one = serde_json::to_string(&[statement]).expect("statements always serialise");
                    match post(&self.agent, &self.url, &self.auth, &one) {
                        Outcome::Stored => self.report.sent += 1,
                        Outcome::Conflict => self.report.already_there += 1,
                        Outcome::Retry(why) | Outcome::Fail(why) => return Err(why),
                    }
                }
            }
            Outcome::Retry(why) => return Err(format!("{why} (gave up after {ATTEMPTS} tries)")),
            Outcome::Fail(why) => return Err(why),
        }
        self.report.batches += 1;
        (self.progress)(&format!("sent {} statement(s) so far", self.report.sent));
        Ok(())
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
    let mut pusher = Pusher::new(endpoint, credentials, DEFAULT_TIMEOUT, Box::new(|_| {}))?;
    let pending: Vec<Value> =
        statements.iter().filter(|s| s["id"].as_str().is_none_or(|id| !sent(id))).cloned().collect();
    pusher.report.already_there = statements.len() - pending.len();
    for chunk in pending.chunks(batch.max(1)) {
        pusher.send(chunk)?;
        let ids: Vec<String> = chunk.iter().filter_map(|s| s["id"].as_str().map(str::to_owned)).collect();
        remember(&ids)?;
    }
    Ok(pusher.report)
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

    #[test]
    fn an_address_that_cannot_work_is_refused_before_anything_is_sent() {
        assert!(check_endpoint("http://127.0.0.1:8100/xAPI/").is_ok());
        assert!(check_endpoint("https://lrs.example/xAPI").is_ok());
        assert!(check_endpoint("127.0.0.1:8100/xAPI").unwrap_err().contains("not a URL"));
        assert!(check_endpoint("ftp://lrs.example/").unwrap_err().contains("not supported"));
        assert!(check_endpoint("http:///xAPI").unwrap_err().contains("no host"));
        let err = check_endpoint("https://ana:s3cret@lrs.example/xAPI/").unwrap_err();
        assert!(err.contains("HARDCALL_LRS_USER") && !err.contains("s3cret"), "{err}");
    }
}
