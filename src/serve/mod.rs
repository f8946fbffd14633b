//! `carnet serve`: the organiser's desk, a web page on this machine.
//!
//! A small web server bound to 127.0.0.1 (never another address) shows
//! the event, the roster with each of its problems in place, and every
//! document as page images, rendered on demand by the engine the build
//! uses and kept until a file changes. A watcher looks at the event
//! folder ten times a second; when a file changes, the event and the
//! roster are read again and every open page reloads itself (server-sent
//! events). The pages are made on the server, in French or English by the
//! browser's language; their one script is the reload.

mod build;
mod mail;
mod words;

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::extract::Form;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use minijinja::{Environment, context};
use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use crate::cli::{DocumentKind, InputArgs, ServeArgs};
use crate::error::Error;
use crate::load::{self, Loaded};
use crate::preview::{self, LaidOut};
use crate::render::engine::Engine;
pub use words::{Language, Words};

/// The resolution of the page images, in dots per inch.
const IMAGE_DPI: u32 = 72;

/// How often the watcher looks at the event folder.
const WATCH_EVERY: Duration = Duration::from_millis(100);

/// The most files the watcher follows (the event folder's own bound).
const WATCH_FILES: usize = crate::limits::MAX_FOLDER_FILES;

/// Documents kept laid out at once; beyond, they are laid out again.
const KEPT_LAYOUTS: usize = 64;

/// Page images kept at once, beyond which the oldest go.
const KEPT_IMAGES: usize = 512;

/// The desk's configuration, checked before it starts.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Where the event is.
    pub input: InputArgs,
    /// The port on 127.0.0.1; 0 for any free one.
    pub port: u16,
    /// Open the page in the browser once serving.
    pub open: bool,
}

impl ServeConfig {
    /// Checks the command line's choices.
    pub fn new(args: &ServeArgs) -> Result<Self, Error> {
        if let Some(host) = &args.host {
            let loopback = host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
                || host == "localhost";
            if !loopback {
                return Err(Error::Usage(format!(
                    "--host {host}: the desk answers only on this machine (127.0.0.1): it shows \
                     the participants' data and sends mail; reach it from elsewhere through an \
                     SSH tunnel"
                )));
            }
        }
        if !args.input.project.is_dir() {
            return Err(Error::Input {
                file: args.input.project.display().to_string(),
                message: "is not a folder".into(),
                hint: "name the event folder with --project (carnet init DIR makes one)".into(),
            });
        }
        Ok(Self {
            input: args.input.clone(),
            port: args.port,
            open: args.open,
        })
    }
}

/// What the desk shows at one moment: the event folder as read, the
/// engine made from it, and the documents laid out so far.
struct Snapshot {
    generation: u64,
    loaded: Result<Loaded, String>,
    engine: Option<Engine>,
    laid_out: Mutex<HashMap<(DocumentKind, Option<String>), Layout>>,
}

/// A document laid out, or why it could not be.
type Layout = Arc<Result<LaidOut, String>>;

/// The desk's state, shared by every request.
struct Desk {
    input: InputArgs,
    changes: watch::Receiver<u64>,
    current: Mutex<Option<Arc<Snapshot>>>,
    images: Mutex<Images>,
    pages: Environment<'static>,
    /// The token every request that changes something carries: a page of
    /// another site cannot know it.
    token: String,
    builds: Arc<build::Builds>,
    mails: Arc<mail::Mails>,
}

/// The page images made, in the order they were made.
#[derive(Default)]
struct Images {
    by_key: HashMap<ImageKey, Arc<Vec<u8>>>,
    order: std::collections::VecDeque<ImageKey>,
}

type ImageKey = (u64, DocumentKind, Option<String>, usize);

impl Desk {
    /// The snapshot of the event folder as it now is, read again when a
    /// file has changed since the last one.
    fn snapshot(&self) -> Arc<Snapshot> {
        let generation = *self.changes.borrow();
        let mut current = self.current.lock().expect("the desk's snapshot");
        if let Some(snapshot) = current.as_ref().filter(|s| s.generation == generation) {
            return snapshot.clone();
        }
        let loaded = load::load(&self.input).map_err(|e| e.for_people());
        let engine = match &loaded {
            Ok(loaded) => load::pdf_date(&loaded.project)
                .and_then(|date| Engine::new(&loaded.project, load::typst_date(date)))
                .ok(),
            Err(_) => None,
        };
        let snapshot = Arc::new(Snapshot {
            generation,
            loaded,
            engine,
            laid_out: Mutex::new(HashMap::new()),
        });
        *current = Some(snapshot.clone());
        snapshot
    }
}

impl Snapshot {
    /// A document laid out, once per snapshot.
    fn lay_out(
        &self,
        kind: DocumentKind,
        participant: Option<&str>,
    ) -> Arc<Result<LaidOut, String>> {
        let key = (kind, participant.map(str::to_owned));
        if let Some(done) = self.laid_out.lock().expect("layouts").get(&key) {
            return done.clone();
        }
        let result = match (&self.loaded, &self.engine) {
            (Ok(loaded), Some(engine)) => {
                preview::lay_out(loaded, engine, kind, participant).map_err(|e| e.for_people())
            }
            (Err(error), _) => Err(error.clone()),
            (Ok(_), None) => Err("the event's fonts or date could not be read".into()),
        };
        let result = Arc::new(result);
        let mut laid_out = self.laid_out.lock().expect("layouts");
        // whatever ids a browser asks for, the documents kept stay few
        if laid_out.len() >= KEPT_LAYOUTS {
            laid_out.clear();
        }
        laid_out.insert(key, result.clone());
        result
    }
}

/// Runs the desk until the process is stopped.
pub fn serve(args: &ServeArgs) -> Result<(), Error> {
    let config = ServeConfig::new(args)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Usage(format!("the desk cannot start: {e}")))?;
    runtime.block_on(run(config))
}

/// Binds 127.0.0.1, says where, and serves.
async fn run(config: ServeConfig) -> Result<(), Error> {
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, config.port));
    let listener = tokio::net::TcpListener::bind(address).await.map_err(|e| {
        Error::Usage(format!(
            "--port {}: cannot listen on 127.0.0.1:{} ({e}); choose another port, or 0 for any",
            config.port, config.port
        ))
    })?;
    let bound = listener
        .local_addr()
        .map_err(|e| Error::Usage(format!("the desk cannot start: {e}")))?;
    let url = format!("http://{bound}/");
    let (changed, changes) = watch::channel(0);
    watch_folder(
        config.input.project.clone(),
        config.input.participants.clone(),
        changed,
    );
    let desk = Arc::new(Desk {
        input: config.input.clone(),
        changes,
        current: Mutex::new(None),
        images: Mutex::new(Images::default()),
        pages: pages(),
        token: token()?,
        builds: build::Builds::new(),
        mails: mail::Mails::new(),
    });
    let listening = crate::say!(Language::terminal(), "serve-listening", url = &url);
    eprintln!("{listening}");
    if config.open {
        open_browser(&url);
    }
    axum::serve(listener, router(desk))
        .await
        .map_err(|e| Error::Usage(format!("the desk stopped: {e}")))
}

/// The desk's routes.
fn router(desk: Arc<Desk>) -> Router {
    Router::new()
        .route("/", get(event_page))
        .route("/participants", get(participants_page))
        .route("/participant/{id}", get(participant_page))
        .route("/documents", get(documents_page))
        .route("/document/{kind}", get(document_page))
        .route("/image/{kind}/{page}", get(image))
        .route("/build", get(build_page).post(start_build))
        .route("/pack.zip", get(download))
        .route("/mail", get(mail_page))
        .route("/mail/review", post(start_review))
        .route("/mail/send", post(start_send))
        .route("/mail/forget", post(forget_login))
        .route("/events", get(events))
        .route(
            "/style.css",
            get(|| async { asset("text/css", include_str!("pages/style.css")) }),
        )
        .route(
            "/live.js",
            get(|| async { asset("text/javascript", include_str!("pages/live.js")) }),
        )
        .with_state(desk)
}

fn asset(kind: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

/// The page templates, built into the binary.
fn pages() -> Environment<'static> {
    let mut env = Environment::new();
    for (name, source) in [
        ("layout.html", include_str!("pages/layout.html")),
        ("event.html", include_str!("pages/event.html")),
        ("participants.html", include_str!("pages/participants.html")),
        ("participant.html", include_str!("pages/participant.html")),
        ("documents.html", include_str!("pages/documents.html")),
        ("document.html", include_str!("pages/document.html")),
        ("build.html", include_str!("pages/build.html")),
        ("mail.html", include_str!("pages/mail.html")),
    ] {
        env.add_template(name, source)
            .expect("the desk's pages parse");
    }
    env
}

/// A page made from its template.
fn page(desk: &Desk, name: &str, values: minijinja::Value) -> Response {
    match desk.pages.get_template(name).and_then(|t| t.render(values)) {
        Ok(html) => Html(html).into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the page {name} failed: {e}"),
        )
            .into_response(),
    }
}

/// A value of a page's context.
fn v<T: Serialize + ?Sized>(value: &T) -> minijinja::Value {
    minijinja::Value::from(minijinja::value::Serde(value))
}

fn words(headers: &HeaderMap) -> &'static Words {
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    Words::of(Language::from_accept_language(accept))
}

/// Runs blocking work (reading, laying out, rendering) off the server's
/// threads.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(work)
        .await
        .expect("the desk's work does not panic")
}

/// The desk's snapshot, read off the server's threads when a file changed.
async fn current(desk: &Arc<Desk>) -> Arc<Snapshot> {
    let desk = desk.clone();
    blocking(move || desk.snapshot()).await
}

#[derive(Serialize)]
struct EventView {
    name: String,
    dates: String,
    venue: String,
    organiser: String,
}

async fn event_page(State(desk): State<Arc<Desk>>, headers: HeaderMap) -> Response {
    let w = words(&headers);
    let snapshot = current(&desk).await;
    let values = match &snapshot.loaded {
        Err(error) => context! { w => v(w), here => "event", title => w.get("event"), error,
        generation => snapshot.generation },
        Ok(loaded) => {
            let event = &loaded.project.event.event;
            let venue = [event.venue.as_str(), event.region.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            context! {
                w => v(w), here => "event", title => event.name.clone(),
                generation => snapshot.generation,
                event => v(&EventView {
                    name: event.name.clone(),
                    dates: event.dates.clone(),
                    venue,
                    organiser: event.organiser.clone(),
                }),
                folder => desk.input.project.display().to_string(),
                count => loaded.roster.participants.len(),
                errors => loaded.roster.problems.iter().filter(|p| p.is_error()).count(),
                notes => loaded.notice.iter().cloned().collect::<Vec<_>>(),
            }
        }
    };
    page(&desk, "event.html", values)
}

#[derive(Serialize)]
struct ProblemView {
    severity: &'static str,
    row: Option<u32>,
    column: Option<String>,
    value: Option<String>,
    message: String,
    hint: Option<String>,
}

#[derive(Serialize)]
struct PersonView {
    row: u32,
    id: String,
    url: String,
    name: String,
    organisation: String,
    profile: String,
    group: String,
    visit: String,
    email: Option<String>,
    flagged: bool,
    /// The problems of its cells, by field: a problem is in the cell
    /// that shows its value.
    marks: std::collections::BTreeMap<&'static str, String>,
}

impl PersonView {
    /// Puts each problem of this row in the cell that shows its value.
    fn mark(mut self, problems: &[crate::report::Problem], language: Language) -> Self {
        for problem in problems.iter().filter(|p| p.row == Some(self.row)) {
            let Some(value) = problem
                .value
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
            else {
                continue;
            };
            let cells = [
                ("name", self.name.as_str()),
                ("organisation", &self.organisation),
                ("profile", &self.profile),
                ("group", &self.group),
                ("visit", &self.visit),
                ("email", self.email.as_deref().unwrap_or("")),
            ];
            if let Some((field, _)) = cells.iter().find(|(_, shown)| shown.contains(value)) {
                let message = problem.message.said(language);
                let text = match &problem.hint {
                    Some(hint) => format!("{message} — {}", hint.said(language)),
                    None => message,
                };
                self.marks.insert(field, text);
            }
        }
        self
    }
}

async fn participants_page(State(desk): State<Arc<Desk>>, headers: HeaderMap) -> Response {
    let w = words(&headers);
    let snapshot = current(&desk).await;
    let values = match &snapshot.loaded {
        Err(error) => {
            context! { w => v(w), here => "participants", title => w.get("participants"), error,
            generation => snapshot.generation, people => v(&Vec::<PersonView>::new()) }
        }
        Ok(loaded) => {
            let roster = &loaded.roster;
            let problems: Vec<ProblemView> = roster
                .problems
                .iter()
                .map(|p| ProblemView {
                    severity: if p.is_error() { "error" } else { "warning" },
                    row: p.row,
                    column: p.column.clone(),
                    value: p.value.clone(),
                    message: p.message.said(w.language),
                    hint: p.hint.as_ref().map(|h| h.said(w.language)),
                })
                .collect();
            let flagged: std::collections::HashSet<u32> =
                roster.problems.iter().filter_map(|p| p.row).collect();
            let people: Vec<PersonView> = roster
                .participants
                .iter()
                .map(|p| PersonView {
                    row: p.row,
                    id: p.id.clone(),
                    url: url_part(&p.id),
                    name: format!("{} {}", p.first_name, p.last_name)
                        .trim()
                        .to_owned(),
                    organisation: p.organisation.clone(),
                    profile: p
                        .profile
                        .as_ref()
                        .map(|r| r.label.clone())
                        .unwrap_or_default(),
                    group: p.group.clone(),
                    visit: p.visit.clone(),
                    email: p.email.clone(),
                    flagged: flagged.contains(&p.row),
                    marks: Default::default(),
                })
                .map(|view| view.mark(&roster.problems, w.language))
                .collect();
            context! { w => v(w), here => "participants", title => w.get("participants"),
            generation => snapshot.generation, problems => v(&problems), people => v(&people) }
        }
    };
    page(&desk, "participants.html", values)
}

async fn participant_page(
    State(desk): State<Arc<Desk>>,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    let w = words(&headers);
    let d = desk.clone();
    let who = id.clone();
    let (snapshot, laid) = blocking(move || {
        let snapshot = d.snapshot();
        let laid = snapshot.lay_out(DocumentKind::Booklet, Some(&who));
        (snapshot, laid)
    })
    .await;
    let person = snapshot
        .loaded
        .as_ref()
        .ok()
        .and_then(|l| l.roster.participants.iter().find(|p| p.id == id));
    let values = match (person, laid.as_ref()) {
        (Some(p), Ok(laid)) => context! {
            w => v(w), here => "participants", generation => snapshot.generation,
            title => format!("{} {}", p.first_name, p.last_name),
            name => format!("{} {}", p.first_name, p.last_name),
            id => p.id.clone(), url => url_part(&p.id),
            organisation => p.organisation.clone(),
            pages => laid.document.pages().len(),
            notes => laid.notes.clone(),
        },
        (None, _) => {
            let page = page(
                &desk,
                "participant.html",
                context! { w => v(w), here => "participants", generation => snapshot.generation,
                title => id.clone(), error => w.get("unknown") },
            );
            return (StatusCode::NOT_FOUND, page).into_response();
        }
        (Some(p), Err(error)) => context! {
            w => v(w), here => "participants", generation => snapshot.generation,
            title => format!("{} {}", p.first_name, p.last_name), error => error.clone(),
        },
    };
    page(&desk, "participant.html", values)
}

async fn documents_page(State(desk): State<Arc<Desk>>, headers: HeaderMap) -> Response {
    let w = words(&headers);
    let generation = *desk.changes.borrow();
    page(
        &desk,
        "documents.html",
        context! { w => v(w), here => "documents", title => w.get("documents"), generation },
    )
}

/// A document kind from the address.
fn kind_of(name: &str) -> Option<DocumentKind> {
    match name {
        "booklet" => Some(DocumentKind::Booklet),
        "badges" => Some(DocumentKind::Badges),
        "grid" => Some(DocumentKind::Grid),
        "attendance" => Some(DocumentKind::Attendance),
        _ => None,
    }
}

async fn document_page(
    State(desk): State<Arc<Desk>>,
    UrlPath(name): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    let w = words(&headers);
    let Some(kind) = kind_of(&name) else {
        return (StatusCode::NOT_FOUND, "no such document").into_response();
    };
    let d = desk.clone();
    let (snapshot, laid) = blocking(move || {
        let snapshot = d.snapshot();
        let laid = snapshot.lay_out(kind, None);
        (snapshot, laid)
    })
    .await;
    let title = match kind {
        DocumentKind::Booklet => w.get("booklet"),
        DocumentKind::Badges => w.get("badges"),
        DocumentKind::Grid => w.get("grid"),
        DocumentKind::Attendance => w.get("attendance"),
    };
    let values = match laid.as_ref() {
        Ok(laid) => context! { w => v(w), here => "documents", title, kind => name,
        generation => snapshot.generation, pages => laid.document.pages().len(),
        notes => laid.notes.clone() },
        Err(error) => context! { w => v(w), here => "documents", title, kind => name,
        generation => snapshot.generation, error => error.clone() },
    };
    page(&desk, "document.html", values)
}

#[derive(Deserialize)]
struct ImageQuery {
    participant: Option<String>,
}

async fn image(
    State(desk): State<Arc<Desk>>,
    UrlPath((name, number)): UrlPath<(String, usize)>,
    Query(query): Query<ImageQuery>,
) -> Response {
    let Some(kind) = kind_of(&name) else {
        return (StatusCode::NOT_FOUND, "no such document").into_response();
    };
    let made = blocking(move || -> Result<Arc<Vec<u8>>, (StatusCode, String)> {
        let snapshot = desk.snapshot();
        let key: ImageKey = (snapshot.generation, kind, query.participant.clone(), number);
        if let Some(png) = desk.images.lock().expect("images").by_key.get(&key) {
            return Ok(png.clone());
        }
        let laid = snapshot.lay_out(kind, query.participant.as_deref());
        let laid = laid
            .as_ref()
            .as_ref()
            .map_err(|e| (StatusCode::UNPROCESSABLE_ENTITY, e.clone()))?;
        let page = number
            .checked_sub(1)
            .and_then(|i| laid.document.pages().get(i))
            .ok_or((StatusCode::NOT_FOUND, format!("no page {number}")))?;
        let (png, _) = preview::png(page, IMAGE_DPI)
            .map_err(|e| (StatusCode::UNPROCESSABLE_ENTITY, format!("the page {e}")))?;
        let png = Arc::new(png);
        let mut images = desk.images.lock().expect("images");
        images.by_key.insert(key.clone(), png.clone());
        images.order.push_back(key);
        while images.order.len() > KEPT_IMAGES {
            if let Some(old) = images.order.pop_front() {
                images.by_key.remove(&old);
            }
        }
        Ok(png)
    })
    .await;
    match made {
        Ok(png) => (
            [
                (header::CONTENT_TYPE, "image/png"),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            png.as_ref().clone(),
        )
            .into_response(),
        Err((status, message)) => (status, message).into_response(),
    }
}

/// Server-sent events: the event folder's generation, now and at each
/// change.
async fn events(
    State(desk): State<Arc<Desk>>,
) -> Sse<impl futures_util::Stream<Item = Result<Event, std::convert::Infallible>>> {
    let changes = desk.changes.clone();
    let stream = futures_util::stream::unfold((changes, true), |(mut changes, first)| async move {
        if !first && changes.changed().await.is_err() {
            return None;
        }
        let generation = *changes.borrow_and_update();
        let event = Event::default().data(generation.to_string());
        Some((Ok(event), (changes, false)))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// A token of 128 random bits, in hexadecimal.
fn token() -> Result<String, Error> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes)
        .map_err(|e| Error::Usage(format!("the desk cannot start: no randomness ({e})")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[derive(Serialize, Default)]
struct BuildView {
    state: &'static str,
    done: u64,
    total: u64,
    percent: u64,
    seconds: String,
    booklets: usize,
    warnings: usize,
    error: String,
    file: String,
}

async fn build_page(State(desk): State<Arc<Desk>>, headers: HeaderMap) -> Response {
    let w = words(&headers);
    let view = match desk.builds.now() {
        build::Work::Idle => BuildView {
            state: "idle",
            ..Default::default()
        },
        build::Work::Building { done, total, since } => BuildView {
            state: "building",
            done,
            total,
            percent: (done * 100).checked_div(total).unwrap_or(0),
            seconds: format!("{:.1}", since.elapsed().as_secs_f64()),
            ..Default::default()
        },
        build::Work::Built {
            pack,
            booklets,
            warnings,
            took,
        } => BuildView {
            state: "built",
            percent: 100,
            seconds: format!("{:.1}", took.as_secs_f64()),
            booklets,
            warnings,
            file: pack
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            ..Default::default()
        },
        build::Work::Failed(error) => BuildView {
            state: "failed",
            error,
            ..Default::default()
        },
    };
    let generation = *desk.changes.borrow();
    let building = view.state == "building";
    let page = page(
        &desk,
        "build.html",
        context! { w => v(w), here => "build", title => w.get("build"), generation,
        token => desk.token.clone(), build => v(&view) },
    );
    refreshed(page, building)
}

/// A page that looks again in a second while `running` (a build, a dry run,
/// a send): its progress, without a script.
fn refreshed(page: Response, running: bool) -> Response {
    match running {
        true => ([(header::REFRESH, "1")], page).into_response(),
        false => page,
    }
}

#[derive(Deserialize)]
struct Posted {
    token: String,
}

/// Refuses a request that changes something without the desk's token.
fn foreign(desk: &Desk, token: &str) -> Option<Response> {
    (token != desk.token).then(|| {
        (
            StatusCode::FORBIDDEN,
            "this page is not the desk's: reload it",
        )
            .into_response()
    })
}

async fn start_build(State(desk): State<Arc<Desk>>, Form(posted): Form<Posted>) -> Response {
    if let Some(refused) = foreign(&desk, &posted.token) {
        return refused;
    }
    if !desk.builds.start(&desk.input) {
        return (StatusCode::CONFLICT, "a build is running: wait for it").into_response();
    }
    (StatusCode::SEE_OTHER, [(header::LOCATION, "/build")]).into_response()
}

#[derive(Serialize)]
struct MessageView {
    id: String,
    name: String,
    to: String,
    again: String,
    subject: String,
    text: String,
    html: bool,
    attachments: Vec<(String, String)>,
    file: String,
}

#[derive(Serialize, Default)]
struct MailView {
    state: &'static str,
    messages: Vec<MessageView>,
    from: String,
    summary: String,
    error: String,
    /// The review's generation, for the send to name it.
    reviewed: u64,
    /// Files changed since the review.
    changed: bool,
    done: usize,
    total: usize,
    percent: usize,
    seconds: String,
    lines: Vec<String>,
    smtp: String,
    login_in_environment: bool,
    login_held: bool,
}

/// A size in kilobytes or megabytes, as the page shows it.
fn size(bytes: u64) -> String {
    match bytes {
        0..=999_999 => format!("{} kB", bytes.div_ceil(1000)),
        _ => format!("{:.1} MB", bytes as f64 / 1_000_000.0),
    }
}

async fn mail_page(State(desk): State<Arc<Desk>>, headers: HeaderMap) -> Response {
    let w = words(&headers);
    let generation = *desk.changes.borrow();
    let mut view = MailView {
        smtp: mail::server_in_environment(),
        login_in_environment: mail::login_in_environment(),
        login_held: desk.mails.has_login(),
        ..Default::default()
    };
    match desk.mails.now() {
        mail::Work::Idle => view.state = "idle",
        mail::Work::Reviewing => view.state = "reviewing",
        mail::Work::Reviewed(review) => {
            view.state = "reviewed";
            view.reviewed = review.generation;
            view.changed = review.generation != generation;
            view.from = review
                .messages
                .first()
                .map(|m| m.from.clone())
                .unwrap_or_default();
            view.messages = review
                .messages
                .into_iter()
                .map(|m| MessageView {
                    id: m.id,
                    name: m.name,
                    to: m.to,
                    again: m.again.unwrap_or_default(),
                    subject: m.subject,
                    text: m.text,
                    html: m.html,
                    attachments: m
                        .attachments
                        .into_iter()
                        .map(|(name, bytes)| (name, size(bytes)))
                        .collect(),
                    file: m
                        .file
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                })
                .collect();
            view.summary = review.summary;
            view.error = review.error.unwrap_or_default();
        }
        mail::Work::Sending {
            done,
            total,
            lines,
            since,
        } => {
            view.state = "sending";
            view.done = done;
            view.total = total;
            view.percent = (done * 100).checked_div(total).unwrap_or(0);
            view.seconds = format!("{:.0}", since.elapsed().as_secs_f64());
            view.lines = lines;
        }
        mail::Work::Sent {
            lines,
            summary,
            error,
        } => {
            view.state = "sent";
            view.lines = lines;
            view.summary = summary;
            view.error = error.unwrap_or_default();
        }
    }
    let busy = matches!(view.state, "reviewing" | "sending");
    let page = page(
        &desk,
        "mail.html",
        context! { w => v(w), here => "mail", title => w.get("mail"), generation,
        token => desk.token.clone(), mail => v(&view) },
    );
    refreshed(page, busy)
}

async fn start_review(
    State(desk): State<Arc<Desk>>,
    headers: HeaderMap,
    Form(posted): Form<Posted>,
) -> Response {
    if let Some(refused) = foreign(&desk, &posted.token) {
        return refused;
    }
    let generation = *desk.changes.borrow();
    let language = words(&headers).language;
    match desk.mails.review(&desk.input, generation, language) {
        Ok(()) => (StatusCode::SEE_OTHER, [(header::LOCATION, "/mail")]).into_response(),
        Err(_) => (
            StatusCode::CONFLICT,
            "the mail is busy (a dry run or a send is running): wait for it",
        )
            .into_response(),
    }
}

#[derive(Deserialize)]
struct SendForm {
    token: String,
    reviewed: u64,
    smtp: String,
    #[serde(default)]
    user: String,
    #[serde(default)]
    password: String,
    per_minute: u32,
}

async fn start_send(
    State(desk): State<Arc<Desk>>,
    headers: HeaderMap,
    Form(posted): Form<SendForm>,
) -> Response {
    if let Some(refused) = foreign(&desk, &posted.token) {
        return refused;
    }
    let user = posted.user.trim().to_owned();
    match (user.is_empty(), posted.password.is_empty()) {
        (false, false) => desk.mails.keep_login(user, posted.password),
        (true, true) => {}
        _ => {
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                "type both the user and the password of the SMTP server, or neither",
            )
                .into_response();
        }
    }
    let request = mail::SendRequest {
        smtp: posted.smtp.trim().to_owned(),
        per_minute: posted.per_minute,
    };
    let current = *desk.changes.borrow();
    let language = words(&headers).language;
    match desk
        .mails
        .send(&desk.input, request, posted.reviewed, current, language)
    {
        Ok(()) => (StatusCode::SEE_OTHER, [(header::LOCATION, "/mail")]).into_response(),
        Err(mail::Refused::Busy) => (
            StatusCode::CONFLICT,
            "a dry run or a send is running: two sends cannot run at once",
        )
            .into_response(),
        Err(mail::Refused::NotReviewed) => (
            StatusCode::CONFLICT,
            "these messages are not the ones to send: files changed since they were \
             reviewed, or there is nothing to send; prepare them again",
        )
            .into_response(),
    }
}

async fn forget_login(State(desk): State<Arc<Desk>>, Form(posted): Form<Posted>) -> Response {
    if let Some(refused) = foreign(&desk, &posted.token) {
        return refused;
    }
    desk.mails.forget_login();
    (StatusCode::SEE_OTHER, [(header::LOCATION, "/mail")]).into_response()
}

async fn download(State(desk): State<Arc<Desk>>) -> Response {
    let build::Work::Built { pack, .. } = desk.builds.now() else {
        return (StatusCode::NOT_FOUND, "no pack built yet: build it first").into_response();
    };
    let file = match tokio::fs::File::open(&pack).await {
        Ok(file) => file,
        Err(e) => {
            return (StatusCode::GONE, format!("{}: {e}", pack.display())).into_response();
        }
    };
    let stream = futures_util::stream::unfold(Some(file), |file| async move {
        use tokio::io::AsyncReadExt as _;
        let mut file = file?;
        let mut buf = vec![0; 64 * 1024];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(axum::body::Bytes::from(buf)), Some(file)))
            }
            Err(e) => Some((Err(e), None)),
        }
    });
    let name = pack
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "pack.zip".into());
    let disposition = format!(
        "attachment; filename=\"{}\"",
        name.replace(['"', '\\'], "_")
    );
    (
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        axum::body::Body::from_stream(stream),
    )
        .into_response()
}

/// An id as a part of an address.
fn url_part(id: &str) -> String {
    url::form_urlencoded::byte_serialize(id.as_bytes()).collect()
}

/// Follows the event folder (and the roster named outside it): every
/// change of a file's size or time moves the generation on.
fn watch_folder(folder: PathBuf, roster: Option<PathBuf>, changed: watch::Sender<u64>) {
    std::thread::spawn(move || {
        let mut seen = files_of(&folder, roster.as_deref());
        loop {
            std::thread::sleep(WATCH_EVERY);
            let now = files_of(&folder, roster.as_deref());
            if now != seen {
                seen = now;
                changed.send_modify(|g| *g += 1);
            }
            if changed.is_closed() {
                return;
            }
        }
    });
}

/// The files the event is read from, with their sizes and times.
fn files_of(folder: &Path, roster: Option<&Path>) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
    let mut out = Vec::new();
    let mut pending: Vec<PathBuf> = ["content", "templates", "fonts"]
        .iter()
        .map(|d| folder.join(d))
        .collect();
    pending.extend(roster.map(Path::to_path_buf));
    while let Some(path) = pending.pop() {
        if out.len() >= WATCH_FILES {
            break;
        }
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                pending.extend(entries.flatten().map(|e| e.path()));
            }
        } else {
            out.push((path, meta.len(), meta.modified().ok()));
        }
    }
    out.sort();
    out
}

/// Opens the desk in the system's browser, or says how.
fn open_browser(url: &str) {
    let opened = std::process::Command::new("xdg-open")
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_ok();
    if !opened {
        eprintln!("note: no browser could be opened here (xdg-open); open {url} yourself");
    }
}
