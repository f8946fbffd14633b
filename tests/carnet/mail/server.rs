//! The SMTP server of the tests: mailin's state machine behind a
//! `TcpListener`, following a script.

use super::*;

/// What the server answers, by recipient address.
#[derive(Default)]
pub(super) struct Script {
    /// Replies to RCPT TO, one per try, before the address is accepted.
    pub(super) rcpt: BTreeMap<String, Vec<u16>>,
    /// Replies at the end of DATA, one per try, before the message is accepted.
    pub(super) data_end: BTreeMap<String, Vec<u16>>,
    /// Addresses refused for good at RCPT TO (550).
    pub(super) refuse: BTreeSet<String>,
    /// An address whose first message is received but not answered until
    /// the test calls [`Server::release`].
    pub(super) hold: Option<String>,
}

/// A message the server accepted.
#[derive(Clone)]
pub(super) struct Received {
    pub(super) to: Vec<String>,
    pub(super) bytes: Vec<u8>,
}

#[derive(Default)]
struct State {
    script: Script,
    received: Vec<Received>,
    held: bool,
    released: bool,
}

type Shared = Arc<(Mutex<State>, Condvar)>;

fn lock(shared: &Shared) -> MutexGuard<'_, State> {
    shared.0.lock().unwrap_or_else(|e| e.into_inner())
}

/// An SMTP server on 127.0.0.1, on a port the system chose.
pub(super) struct Server {
    port: u16,
    shared: Shared,
}

impl Server {
    pub(super) fn start(script: Script) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let shared: Shared = Arc::new((
            Mutex::new(State {
                script,
                ..State::default()
            }),
            Condvar::new(),
        ));
        let accepting = shared.clone();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let shared = accepting.clone();
                thread::spawn(move || {
                    let _ = serve(stream, shared);
                });
            }
        });
        Self { port, shared }
    }

    pub(super) fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub(super) fn received(&self) -> Vec<Received> {
        lock(&self.shared).received.clone()
    }

    /// Each recipient's messages, parsed.
    pub(super) fn by_recipient(&self) -> BTreeMap<String, Vec<Parsed>> {
        let mut by = BTreeMap::<String, Vec<Parsed>>::new();
        for message in self.received() {
            assert_eq!(message.to.len(), 1, "one recipient per message");
            by.entry(message.to[0].clone())
                .or_default()
                .push(parse(&message.bytes));
        }
        by
    }

    pub(super) fn change(&self, change: impl FnOnce(&mut Script)) {
        change(&mut lock(&self.shared).script);
    }

    /// Waits until the held message has been received.
    #[track_caller]
    pub(super) fn wait_for_held(&self) {
        let (mutex, condvar) = &*self.shared;
        let state = mutex.lock().unwrap_or_else(|e| e.into_inner());
        let (state, timeout) = condvar
            .wait_timeout_while(state, Duration::from_secs(15), |s| !s.held)
            .unwrap_or_else(|e| e.into_inner());
        assert!(state.held && !timeout.timed_out(), "no message was held");
    }

    pub(super) fn release(&self) {
        lock(&self.shared).released = true;
        self.shared.1.notify_all();
    }
}

/// One SMTP session: lines in, mailin's replies out.
fn serve(stream: TcpStream, shared: Shared) -> io::Result<()> {
    let ip = stream.peer_addr()?.ip();
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let handler = Session {
        shared,
        to: Vec::new(),
        data: Vec::new(),
    };
    let mut session = SessionBuilder::new("smtp.test.example").build(ip, handler);
    session.greeting().write_to(&mut writer)?;
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        // mailin stays in its DATA state after refusing a message's end, so
        // it would swallow the client's QUIT; a real server answers it.
        if line.eq_ignore_ascii_case(b"QUIT\r\n") {
            return writer.write_all(b"221 Bye\r\n");
        }
        let reply = session.process(&line);
        match reply.action {
            Action::Reply => reply.write_to(&mut writer)?,
            Action::Close => return reply.write_to(&mut writer),
            Action::UpgradeTls => return Ok(()),
            Action::NoReply => {}
        }
    }
}

/// The handler of one connection.
struct Session {
    shared: Shared,
    to: Vec<String>,
    data: Vec<u8>,
}

/// Takes the next scripted reply for one of `addresses`, if any.
fn scripted(replies: &mut BTreeMap<String, Vec<u16>>, addresses: &[&str]) -> Option<Response> {
    for address in addresses {
        if let Some(codes) = replies.get_mut(*address)
            && !codes.is_empty()
        {
            let code = codes.remove(0);
            return Some(Response::custom(
                code,
                format!("scripted {code} for {address}"),
            ));
        }
    }
    None
}

impl Handler for Session {
    fn rcpt(&mut self, to: &str) -> Response {
        let mut state = lock(&self.shared);
        if state.script.refuse.contains(to) {
            return response::NO_MAILBOX;
        }
        scripted(&mut state.script.rcpt, &[to]).unwrap_or(response::OK)
    }

    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.to = to.to_vec();
        self.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let mut state = lock(&self.shared);
        let to: Vec<&str> = self.to.iter().map(String::as_str).collect();
        if let Some(reply) = scripted(&mut state.script.data_end, &to) {
            return reply;
        }
        state.received.push(Received {
            to: self.to.clone(),
            bytes: std::mem::take(&mut self.data),
        });
        let hold = state.script.hold.as_deref();
        if !state.held && hold.is_some_and(|h| to.contains(&h)) {
            // Received, not answered: the sender is killed meanwhile.
            state.held = true;
            self.shared.1.notify_all();
            let _ = self
                .shared
                .1
                .wait_timeout_while(state, Duration::from_secs(15), |s| !s.released);
        }
        response::OK
    }
}
