//! A server that misbehaves on purpose, at the level of bytes on the socket: it accepts, reads the
//! request, and then does exactly what the test scripts (stall, trickle, lie in its headers, cut
//! the connection), which no well-behaved HTTP framework would let it do.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as read off the socket: the head as text, and the body.
#[derive(Debug, Clone)]
pub struct RawRequest {
    pub head: String,
    pub body: Vec<u8>,
}

impl RawRequest {
    /// The request target (`/service/cloud/detail?TaskID=t`).
    pub fn target(&self) -> &str {
        self.head.split(' ').nth(1).unwrap_or("")
    }

    pub fn path(&self) -> &str {
        self.target().split('?').next().unwrap_or("")
    }
}

/// The connection of one request, for the script to write to.
pub struct Conn {
    pub stream: TcpStream,
    pub request: RawRequest,
    /// How many connections came before this one.
    pub n: usize,
}

impl Conn {
    pub async fn send(&mut self, bytes: impl AsRef<[u8]>) {
        let _ = self.stream.write_all(bytes.as_ref()).await;
        let _ = self.stream.flush().await;
    }

    /// Sends `bytes` one at a time, `every` apart.
    pub async fn trickle(&mut self, bytes: impl AsRef<[u8]>, every: Duration) {
        for byte in bytes.as_ref() {
            if self.stream.write_all(&[*byte]).await.is_err() {
                return;
            }
            tokio::time::sleep(every).await;
        }
    }

    /// Keeps the connection open and silent until the test ends.
    pub async fn stall(self) {
        let _keep = self;
        std::future::pending::<()>().await;
    }

    /// A head for a 200 JSON answer of `length` bytes (a lie, if the test says so).
    pub fn head(status: u16, length: usize) -> String {
        format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {length}\r\n\r\n"
        )
    }
}

/// The running server.
pub struct RawServer {
    pub url: String,
    requests: Arc<Mutex<Vec<RawRequest>>>,
}

impl RawServer {
    /// Starts a server that runs `script` on every connection, after reading its request.
    pub async fn start<F, Fut>(script: F) -> RawServer
    where
        F: Fn(Conn) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&requests);
        let script = Arc::new(script);
        let count = Arc::new(AtomicUsize::new(0));
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let (script, recorded, count) = (
                    Arc::clone(&script),
                    Arc::clone(&recorded),
                    Arc::clone(&count),
                );
                tokio::spawn(async move {
                    let Some(request) = read_request(&mut stream).await else {
                        return;
                    };
                    recorded.lock().unwrap().push(request.clone());
                    let n = count.fetch_add(1, Ordering::SeqCst);
                    script(Conn { stream, request, n }).await;
                });
            }
        });
        RawServer { url, requests }
    }

    pub fn requests(&self) -> Vec<RawRequest> {
        self.requests.lock().unwrap().clone()
    }
}

/// Reads one request: its head, then a body of its `content-length`.
async fn read_request(stream: &mut TcpStream) -> Option<RawRequest> {
    let mut bytes = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let read = stream.read(&mut buf).await.ok()?;
        if read == 0 {
            return None;
        }
        bytes.extend_from_slice(&buf[..read]);
    };
    let head = String::from_utf8_lossy(&bytes[..head_end]).into_owned();
    let length = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    let mut body = bytes[head_end..].to_vec();
    while body.len() < length {
        let read = stream.read(&mut buf).await.ok()?;
        if read == 0 {
            break;
        }
        body.extend_from_slice(&buf[..read]);
    }
    Some(RawRequest { head, body })
}
