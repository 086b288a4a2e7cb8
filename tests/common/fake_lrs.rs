//! A small stand-in for a learning record store on 127.0.0.1, for the tests of pushing
//! xAPI statements: it records what it is sent and how it was authenticated.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

/// What the stand-in was sent.
#[derive(Default)]
pub struct Seen {
    pub posts: usize,
    pub statements: Vec<String>,
    pub auth: Vec<String>,
    pub versions: Vec<String>,
}

/// Answers the first POST with 503, then stores statements and answers 200 (409 for ids it
/// already holds).
pub fn fake_lrs() -> (String, Arc<Mutex<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/xAPI/", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Seen::default()));
    let shared = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            reader.read_line(&mut request).unwrap();
            let (mut length, mut auth, mut version) = (0usize, String::new(), String::new());
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if line.trim().is_empty() {
                    break;
                }
                let (name, value) = line.split_once(':').unwrap_or((&line, ""));
                match name.to_ascii_lowercase().as_str() {
                    "content-length" => length = value.trim().parse().unwrap(),
                    "authorization" => auth = value.trim().to_owned(),
                    "x-experience-api-version" => version = value.trim().to_owned(),
                    _ => {}
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let mut seen = shared.lock().unwrap();
            seen.posts += 1;
            seen.auth.push(auth);
            seen.versions.push(version);
            let status = if seen.posts == 1 {
                "503 Service Unavailable"
            } else {
                let statements: Vec<serde_json::Value> = serde_json::from_slice(&body).unwrap();
                let ids: Vec<String> = statements.iter().map(|s| s["id"].as_str().unwrap().to_owned()).collect();
                if ids.iter().any(|id| seen.statements.contains(id)) {
                    "409 Conflict"
                } else {
                    seen.statements.extend(ids);
                    "200 OK"
                }
            };
            let reply = format!(
                "HTTP/1.1 {status}\r\nContent-Length: 2\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n[]"
            );
            let _ = stream.write_all(reply.as_bytes());
        }
    });
    (url, seen)
}
