//! Capturing what the client logs, for the tests that read it. Tests of this binary run in
//! parallel, and a thread-local subscriber (`set_default`) lost every event after a while when
//! other tests reached new callsites meanwhile (tracing's level and interest caches are global).
//! So one global subscriber logs everything at TRACE level, and each event goes to the capture
//! of the thread it happens on, if that thread has one: a `#[tokio::test]` runs the client, its
//! connections and its timers on its own thread, so a capture sees its test and no other.

use std::cell::RefCell;
use std::io;
use std::sync::{Arc, Mutex, Once};

use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;

thread_local! {
    static CAPTURE: RefCell<Option<Buffer>> = const { RefCell::new(None) };
}

/// Every event and span close on this thread, as text, until it is dropped.
pub struct LogCapture {
    buffer: Buffer,
}

impl LogCapture {
    pub fn start() -> LogCapture {
        static INSTALL: Once = Once::new();
        INSTALL.call_once(|| {
            let subscriber = tracing_subscriber::fmt()
                .with_writer(ToThisThreadsCapture)
                .with_span_events(FmtSpan::CLOSE)
                .with_max_level(tracing::Level::TRACE)
                .with_ansi(false)
                .finish();
            tracing::subscriber::set_global_default(subscriber)
                .expect("no other test of this binary sets a global subscriber");
        });
        let buffer = Buffer::default();
        CAPTURE.with(|capture| *capture.borrow_mut() = Some(buffer.clone()));
        LogCapture { buffer }
    }

    /// What was logged so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.buffer.0.lock().unwrap()).into_owned()
    }
}

impl Drop for LogCapture {
    fn drop(&mut self) {
        CAPTURE.with(|capture| *capture.borrow_mut() = None);
    }
}

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

/// Makes a writer to the capture of the thread the event happens on (none: the event is dropped).
struct ToThisThreadsCapture;

impl<'a> MakeWriter<'a> for ToThisThreadsCapture {
    type Writer = Sink;

    fn make_writer(&'a self) -> Sink {
        Sink(CAPTURE.with(|capture| capture.borrow().clone()))
    }
}

struct Sink(Option<Buffer>);

impl io::Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if let Some(buffer) = &self.0 {
            buffer.0.lock().unwrap().extend_from_slice(bytes);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
