//! Helpers for the end-to-end tests: start the real server on a free port against a fresh
//! database, and talk to it over HTTP.

pub use kakao::FakeKakao;
use ourspace_api::{Application, Config};
use ourspace_domain::media::ImageStore;
use std::sync::Arc;

pub mod kakao;
pub mod logs;
pub mod pages;
pub mod private_mariadb;
pub mod webdriver;
use ourspace_infrastructure::DatabaseConnection;
use ourspace_infrastructure::clock::ManualClock;
pub use ourspace_infrastructure::on_both_backends;
pub use ourspace_infrastructure::testing::{Backend, TestDatabase};
use std::collections::HashMap;

/// A running server and what it runs on.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub address: String,
    /// `http://127.0.0.1:PORT` of the metrics listener.
    pub metrics_address: String,
    pub client: reqwest::Client,
    pub database: TestDatabase,
    /// The server's own pool.
    pub server_db: DatabaseConnection,
    pub media_dir: tempfile::TempDir,
    /// The configuration the server runs with.
    pub config: Config,
    /// The store the server keeps photos in, for counting objects.
    pub store: Arc<dyn ImageStore>,
    /// The server's clock: it starts at the real time and moves only when a test moves it.
    pub clock: ManualClock,
    /// Stops the server as SIGTERM does.
    pub server: ourspace_api::startup::ServerHandle,
}

/// Where a test server keeps photos.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    Local,
    S3,
}

/// The JWT secret test servers sign with, so tests can forge tokens.
pub const TEST_JWT_SECRET: &str = "e2e-secret-e2e-secret-e2e-secret-0123456789";

/// Where the sign-in flow may send the browser back to, in tests.
pub const ALLOWED_REDIRECT: &str = "https://app.example/signed-in";

/// The ids of a list answer's items, in order.
///
/// # Panics
/// When the body has no `items` array of objects with an `id`.
#[must_use]
pub fn item_ids(body: &serde_json::Value) -> Vec<i64> {
    body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_i64().expect("an id"))
        .collect()
}

/// The production defaults of the per-guest order limits, for `spawn_app_with`.
pub const DEFAULT_ORDER_LIMITS: [(&str, &str); 2] = [
    ("OURSPACE_ORDER_RATE_PER_MINUTE", "10"),
    ("OURSPACE_MAX_WAITING_ORDERS", "3"),
];

/// Counts (as `n`) the live spaces whose kept like count, review count or rating sum
/// differ from their likes and reviews: zero whenever every like, unlike, review and
/// account deletion kept them in step (search ranks by them).
pub const COUNTS_OUT_OF_STEP: &str = "SELECT COUNT(*) AS n FROM spaces s \
     WHERE s.deleted_at IS NULL AND (\
     s.like_count <> (SELECT COUNT(*) FROM likes l WHERE l.space_id = s.id) \
     OR s.review_count <> (SELECT COUNT(*) FROM reviews r WHERE r.space_id = s.id) \
     OR s.rating_sum <> (SELECT COALESCE(SUM(r.rating), 0) FROM reviews r WHERE r.space_id = s.id))";

/// Starts the server with demo data and statement counting on, on `backend`.
///
/// # Panics
/// When the server cannot start (a test failure, not a skip).
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, &[]).await
}

/// As [`spawn_app`], with extra environment settings.
///
/// # Panics
/// When the server cannot start.
pub async fn spawn_app_with(backend: Backend, extra: &[(&str, &str)]) -> TestApp {
    let database = TestDatabase::new(backend).await;
    let media_dir = tempfile::tempdir().expect("media dir");
    let mut vars: HashMap<String, String> = [
        ("DATABASE_URL", database.url.as_str()),
        ("OURSPACE_BIND", "127.0.0.1:0"),
        (
            "OURSPACE_MEDIA_DIR",
            media_dir.path().to_str().expect("utf-8 path"),
        ),
        ("OURSPACE_QUERY_DEBUG", "1"),
        ("OURSPACE_SEED_DEMO", "1"),
        ("OURSPACE_JWT_SECRET", TEST_JWT_SECRET),
        ("OURSPACE_ALLOWED_REDIRECTS", ALLOWED_REDIRECT),
        // Tests expire orders when they mean to; one test turns the sweep on.
        ("OURSPACE_EXPIRY_SWEEP_SECONDS", "0"),
        ("OURSPACE_RECOMMENDATION_REFRESH_SECONDS", "0"),
        ("OURSPACE_METRICS_BIND", "127.0.0.1:0"),
        // Tests place many orders from one guest to test other things; the tests of these
        // limits set them back to their defaults (see `DEFAULT_ORDER_LIMITS`).
        ("OURSPACE_ORDER_RATE_PER_MINUTE", "100000"),
        ("OURSPACE_MAX_WAITING_ORDERS", "1000"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    vars.extend(
        extra
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    let config = Config::from_lookup(|k| vars.get(k).cloned()).expect("test configuration");
    let (store, _) = ourspace_api::startup::image_store(&config)
        .await
        .expect("image store");
    let clock = ManualClock::new(config.timezone, chrono::Utc::now());
    let app = Application::build_with_clock(config.clone(), Arc::new(clock.clone()))
        .await
        .expect("server starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    let metrics_address = format!(
        "http://127.0.0.1:{}",
        app.metrics_port().expect("a metrics listener")
    );
    let server_db = app.database();
    let server = app.handle();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        metrics_address,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("http client"),
        database,
        server_db,
        media_dir,
        config,
        store,
        clock,
        server,
    }
}

/// Starts a server without demo data whose photos go to `storage` (S3: a fresh bucket on
/// the test S3 server).
///
/// # Panics
/// When the server or the S3 server cannot be reached.
pub async fn spawn_app_on(backend: Backend, storage: Storage) -> TestApp {
    match storage {
        Storage::Local => spawn_app_with(backend, &[("OURSPACE_SEED_DEMO", "0")]).await,
        Storage::S3 => {
            let (_, s3) = ourspace_infrastructure::testing::s3_store().await;
            let endpoint = s3.endpoint.clone().unwrap_or_default();
            let (key, secret) = s3.static_credentials.clone().expect("test credentials");
            let secret = secrecy::ExposeSecret::expose_secret(&secret).to_owned();
            spawn_app_with(
                backend,
                &[
                    ("OURSPACE_SEED_DEMO", "0"),
                    ("OURSPACE_STORAGE", "s3"),
                    ("OURSPACE_S3_BUCKET", &s3.bucket),
                    ("OURSPACE_S3_ENDPOINT", &endpoint),
                    ("OURSPACE_S3_REGION", &s3.region),
                    ("OURSPACE_S3_ACCESS_KEY_ID", &key),
                    ("OURSPACE_S3_SECRET_ACCESS_KEY", &secret),
                ],
            )
            .await
        }
    }
}

/// Starts the server with Kakao sign-in pointed at a fresh fake Kakao.
///
/// # Panics
/// When the server cannot start.
pub async fn spawn_app_with_kakao(backend: Backend) -> (TestApp, FakeKakao) {
    spawn_app_with_kakao_and(backend, &[]).await
}

/// As [`spawn_app_with_kakao`], with extra environment settings.
///
/// # Panics
/// When the server cannot start.
pub async fn spawn_app_with_kakao_and(
    backend: Backend,
    extra: &[(&str, &str)],
) -> (TestApp, FakeKakao) {
    let kakao = FakeKakao::start().await;
    let uri = kakao.uri();
    let mut vars = vec![
        ("OURSPACE_KAKAO_CLIENT_ID", kakao::CLIENT_ID),
        ("OURSPACE_KAKAO_CLIENT_SECRET", kakao::CLIENT_SECRET),
        (
            "OURSPACE_KAKAO_REDIRECT_URI",
            "http://127.0.0.1/api/v1/auth/kakao/callback",
        ),
        ("OURSPACE_KAKAO_AUTH_URL", &uri),
        ("OURSPACE_KAKAO_API_URL", &uri),
        // Generous: a busy machine must not turn a good call into a 502. A test of a slow
        // Kakao sets its own.
        ("OURSPACE_KAKAO_TIMEOUT_MS", "5000"),
    ];
    vars.extend_from_slice(extra);
    let app = spawn_app_with(backend, &vars).await;
    (app, kakao)
}

impl TestApp {
    /// GET `path` (relative to the server).
    ///
    /// # Panics
    /// When the request cannot be sent.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("request sent")
    }

    /// GET `path` with a bearer token.
    ///
    /// # Panics
    /// When the request cannot be sent.
    pub async fn get_as(&self, path: &str, token: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .bearer_auth(token)
            .send()
            .await
            .expect("request sent")
    }

    /// POST a JSON body to `path`.
    ///
    /// # Panics
    /// When the request cannot be sent.
    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.address))
            .json(body)
            .send()
            .await
            .expect("request sent")
    }

    /// Runs a SQL statement on the server's database (to arrange a test).
    ///
    /// # Panics
    /// When the statement fails.
    pub async fn sql(&self, statement: &str) {
        use sea_orm::ConnectionTrait;
        self.database
            .db
            .execute_unprepared(statement)
            .await
            .expect("SQL statement");
    }

    /// The number of rows of `table`.
    ///
    /// # Panics
    /// When the query fails.
    pub async fn count(&self, table: &str) -> i64 {
        use sea_orm::ConnectionTrait;
        let row = self
            .database
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                self.database.db.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .expect("count query")
            .expect("a row");
        row.try_get::<i64>("", "n").expect("a count")
    }

    /// Places an order for `hours` of `date` through the orders repository (its slots and
    /// calendar rows with it), then, for `status` `confirmed`, pays it (without points).
    /// A waiting order lasts until `expires_at` (`YYYY-MM-DD HH:MM:SS`, UTC).
    ///
    /// # Panics
    /// When the order cannot be placed (for instance a slot already taken).
    pub async fn book(
        &self,
        space: i64,
        guest: i64,
        date: &str,
        hours: (u32, u32),
        status: &str,
        expires_at: Option<&str>,
    ) -> i64 {
        use ourspace_domain::order::{
            BookedTime, BookerContact, ChangeOutcome, NewOrder, OrderRepository, OrderStatus,
            Placement, PlacementLimits, StatusChange,
        };
        use ourspace_domain::shared::{HourRange, SpaceId, UserId, Won};
        let at = |s: &str| {
            chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
                .expect("a time")
                .and_utc()
        };
        let created_at = at("2026-11-26 00:00:00");
        let repo =
            ourspace_infrastructure::repo::SeaOrmOrderRepository::new(self.database.db.clone());
        let order = NewOrder {
            space_id: SpaceId(space),
            guest_id: UserId(guest),
            time: BookedTime {
                date: date.parse().expect("a date"),
                option_id: None,
                hours: HourRange::new(hours.0.into(), hours.1.into()).expect("hours"),
            },
            option_name: None,
            guests: 2,
            booker: BookerContact {
                name: "a".into(),
                phone: "01012345678".into(),
                email: "a@b.kr".into(),
                purpose: None,
                request: None,
            },
            price: Won::new(1000).expect("a price"),
            status: OrderStatus::Pending,
            expires_at: expires_at.map_or(at("2026-11-26 00:15:00"), at),
            created_at,
            limits: PlacementLimits::unlimited(),
        };
        let Placement::Placed(id) = repo.place(&order).await.expect("place") else {
            panic!("{hours:?} of space {space} on {date} already held");
        };
        if status == "confirmed" {
            let pay = StatusChange {
                order_id: id,
                from: OrderStatus::Pending,
                to: OrderStatus::Confirmed,
                at: created_at,
                expires_at: None,
                release_slots: false,
                charge: None,
                refund: None,
                refund_policy: None,
            };
            let paid = repo.change_status(&pay).await.expect("pay");
            assert_eq!(paid, ChangeOutcome::Changed);
        } else {
            assert_eq!(status, "pending", "book places pending or confirmed orders");
        }
        id.get()
    }

    /// Makes every insert into `table` fail from now on (a trigger raising an error), the
    /// way a database fault between an upload and its row would; [`Self::heal_inserts`]
    /// ends it.
    ///
    /// # Panics
    /// When the trigger cannot be created.
    pub async fn fail_inserts_into(&self, table: &str) {
        let trigger = match self.database.backend {
            Backend::Sqlite => format!(
                "CREATE TRIGGER injected_fault BEFORE INSERT ON {table} \
                 BEGIN SELECT RAISE(ABORT, 'injected fault'); END"
            ),
            Backend::MySql => format!(
                "CREATE TRIGGER injected_fault BEFORE INSERT ON {table} FOR EACH ROW \
                 SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected fault'"
            ),
        };
        self.sql(&trigger).await;
    }

    /// Ends [`Self::fail_inserts_into`].
    ///
    /// # Panics
    /// When the trigger cannot be dropped.
    pub async fn heal_inserts(&self) {
        self.sql("DROP TRIGGER injected_fault").await;
    }

    /// Rebuilds what recommendations read (pairs of spaces chosen by the same guests, and
    /// bookings of the last 30 days at the server clock's now), as `ourspace
    /// recommendations refresh` does.
    ///
    /// # Panics
    /// When the refresh fails.
    pub async fn refresh_recommendations(&self) {
        use ourspace_domain::shared::Clock;
        ourspace_infrastructure::repo::refresh_recommendations(&self.database.db, self.clock.now())
            .await
            .expect("refresh recommendations");
    }

    /// `user` likes `space` through the likes repository, which keeps the space's like
    /// count in step and records the change for search.
    ///
    /// # Panics
    /// When the like cannot be written or the space does not exist.
    pub async fn like(&self, space: i64, user: i64) {
        use ourspace_domain::review::LikeRepository;
        use ourspace_domain::shared::{SpaceId, UserId};
        let repo =
            ourspace_infrastructure::repo::SeaOrmLikeRepository::new(self.database.db.clone());
        repo.like(UserId(user), SpaceId(space), chrono::Utc::now())
            .await
            .expect("like")
            .expect("the space exists");
    }

    /// `author` reviews `space` with `rating` through the reviews repository (which keeps
    /// the space's rating and review count in step), on a confirmed order of theirs for
    /// `date` made with [`Self::book`].
    ///
    /// # Panics
    /// When the order or the review cannot be written.
    pub async fn review(
        &self,
        space: i64,
        author: i64,
        date: &str,
        hours: (u32, u32),
        rating: i64,
    ) {
        use ourspace_domain::review::{NewReview, Rating, ReviewCreation, ReviewRepository};
        use ourspace_domain::shared::{OrderId, SpaceId, UserId};
        let order = self
            .book(space, author, date, hours, "confirmed", None)
            .await;
        let repo =
            ourspace_infrastructure::repo::SeaOrmReviewRepository::new(self.database.db.clone());
        let review = NewReview {
            space_id: SpaceId(space),
            author_id: UserId(author),
            order_id: OrderId(order),
            rating: Rating::new(rating).expect("a rating"),
            content: "좋아요".into(),
            image: None,
            created_at: chrono::Utc::now(),
        };
        let created = repo.create(&review).await.expect("review");
        assert!(matches!(created, ReviewCreation::Created(_)), "{created:?}");
    }

    /// The number of objects in the server's image store.
    ///
    /// # Panics
    /// When the store cannot be listed.
    pub async fn object_count(&self) -> usize {
        self.store.list("").await.expect("list the store").len()
    }

    /// Signs a user up through the users repository (as a first Kakao sign-in does, with no
    /// sign-up points) and returns a bearer token for them and their id. Nickname
    /// `user{kakao_id}`.
    ///
    /// # Panics
    /// When the sign-up fails.
    pub async fn new_user(&self, kakao_id: i64) -> (String, i64) {
        self.new_user_with_points(kakao_id, 0).await
    }

    /// As [`TestApp::new_user`], with `points` as the sign-up grant (recorded as a point
    /// movement and a sign-up grant, as sign-up does).
    ///
    /// # Panics
    /// When the sign-up fails.
    pub async fn new_user_with_points(&self, kakao_id: i64, points: i64) -> (String, i64) {
        use ourspace_domain::shared::Won;
        use ourspace_domain::user::{Nickname, UserRepository};
        use ourspace_infrastructure::repo::{GrantKey, SeaOrmUserRepository};
        let repo = SeaOrmUserRepository::new(self.database.db.clone())
            .with_grant_key(GrantKey::derive(TEST_JWT_SECRET.as_bytes()));
        let nickname = Nickname::parse(&format!("user{kakao_id}")).expect("a nickname");
        let grant = Won::new(points).expect("points");
        let (user, created) = repo
            .create_or_get(kakao_id, &nickname, None, grant)
            .await
            .expect("sign-up");
        assert!(created, "kakao id {kakao_id} already signed up");
        let id = user.id.get();
        (self.token_for(id), id)
    }

    /// A bearer token for user `id`, issued now by the server's clock (so it lives an hour
    /// of that clock, as a signed-in client's token does: after a test moves the clock
    /// further, the user needs a new one).
    #[must_use]
    pub fn token_for(&self, id: i64) -> String {
        self.forge_token(serde_json::json!({ "sub": id.to_string() }))
    }

    /// Sends `method` to `path` with a bearer token and an optional JSON body.
    ///
    /// # Panics
    /// When the request cannot be sent.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<&serde_json::Value>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.address))
            .bearer_auth(token);
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.expect("request sent")
    }

    /// The `n` column of the first row of `sql`.
    ///
    /// # Panics
    /// When the query fails or has no row.
    pub async fn scalar_i64(&self, sql: &str) -> i64 {
        use sea_orm::ConnectionTrait;
        let row = self
            .database
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                self.database.db.get_database_backend(),
                sql.to_owned(),
            ))
            .await
            .expect("query")
            .expect("a row");
        row.try_get::<i64>("", "n").expect("an integer")
    }

    /// Sends a multipart request.
    ///
    /// # Panics
    /// When the request cannot be sent.
    pub async fn send_multipart(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        form: MultipartBody,
    ) -> reqwest::Response {
        let (content_type, body) = form.finish();
        self.client
            .request(method, format!("{}{path}", self.address))
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("request sent")
    }

    /// Registers a space as `token`'s user (an instant space in Gangnam for 1–10 guests with
    /// one photo, unless `fields` say otherwise) and returns its id.
    ///
    /// # Panics
    /// When the server refuses it.
    pub async fn register_space(&self, token: &str, fields: serde_json::Value) -> i64 {
        let mut body = serde_json::json!({
            "address": "서울", "booking_mode": "instant", "min_guests": 1, "max_guests": 10,
            "latitude": 37.4979, "longitude": 127.0276
        });
        for (k, v) in fields.as_object().expect("an object") {
            body[k] = v.clone();
        }
        let form = MultipartBody::new()
            .json("space", &body)
            .image("p.png", "image/png", &png(1));
        let response = self
            .send_multipart(reqwest::Method::POST, "/api/v1/spaces", token, form)
            .await;
        let status = response.status().as_u16();
        let body: serde_json::Value = response.json().await.expect("JSON body");
        assert_eq!(status, 201, "{body}");
        body["id"].as_i64().expect("an id")
    }

    /// Fetches a photo URL as the store handed it out (relative for the local store).
    ///
    /// # Panics
    /// When the request cannot be sent.
    pub async fn fetch(&self, url: &str) -> reqwest::Response {
        let absolute = if url.starts_with('/') {
            format!("{}{url}", self.address)
        } else {
            url.to_owned()
        };
        self.client
            .get(absolute)
            .send()
            .await
            .expect("request sent")
    }

    /// GET `path` and decode the JSON body, asserting the status.
    ///
    /// # Panics
    /// On another status or a body that is not JSON.
    pub async fn get_json(&self, path: &str, status: u16) -> serde_json::Value {
        let response = self.get(path).await;
        assert_eq!(response.status().as_u16(), status, "GET {path}");
        response.json().await.expect("JSON body")
    }
}

/// The statements a response reports in `x-db-queries`.
///
/// # Panics
/// When the header is missing.
#[must_use]
pub fn db_queries(response: &reqwest::Response) -> u32 {
    response
        .headers()
        .get("x-db-queries")
        .expect("x-db-queries header")
        .to_str()
        .expect("ascii")
        .parse()
        .expect("a number")
}

/// Reads `path` (as `token`'s user, or anonymously): 200, and at most three statements
/// (with the user lookup); returns the body.
///
/// # Panics
/// On another status, more statements or a body that is not JSON.
pub async fn read_within_budget(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
) -> serde_json::Value {
    let response = match token {
        Some(token) => app.get_as(path, token).await,
        None => app.get(path).await,
    };
    assert_eq!(response.status().as_u16(), 200, "{path}");
    let statements = db_queries(&response);
    assert!(statements <= 3, "{path}: {statements} statements");
    response.json().await.expect("a JSON body")
}

/// The claims of a valid token for user 1 issued at `now` (an hour's life), with
/// `overrides` replacing or adding claims.
fn claims_at(now: i64, overrides: &serde_json::Value) -> serde_json::Value {
    let mut claims = serde_json::json!({
        "sub": "1", "iat": now, "exp": now + 3600, "iss": "ourspace", "typ": "access"
    });
    if let (Some(base), Some(extra)) = (claims.as_object_mut(), overrides.as_object()) {
        for (k, v) in extra {
            base.insert(k.clone(), v.clone());
        }
    }
    claims
}

impl TestApp {
    /// The server clock's time, in seconds: what the tokens below are issued at.
    #[must_use]
    pub fn now_seconds(&self) -> i64 {
        use ourspace_domain::shared::Clock;
        self.clock.now().timestamp()
    }

    /// A bearer token signed with the test servers' secret: `overrides` replace or add
    /// claims to a valid token for user 1 (`sub`, `iat` the server clock's now, `exp` an
    /// hour later, `iss`, `typ`).
    #[must_use]
    pub fn forge_token(&self, overrides: serde_json::Value) -> String {
        self.forge_token_signed(overrides, TEST_JWT_SECRET.as_bytes())
    }

    /// As [`TestApp::forge_token`], signed with another secret.
    ///
    /// # Panics
    /// Never for JSON objects.
    #[must_use]
    pub fn forge_token_signed(&self, overrides: serde_json::Value, secret: &[u8]) -> String {
        jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
            &claims_at(self.now_seconds(), &overrides),
            &jsonwebtoken::EncodingKey::from_secret(secret),
        )
        .expect("sign")
    }

    /// An unsigned token (`alg: none`) with valid-looking claims.
    #[must_use]
    pub fn unsigned_token(&self, sub: i64) -> String {
        use base64::Engine;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let claims = claims_at(
            self.now_seconds(),
            &serde_json::json!({"sub": sub.to_string()}),
        );
        format!(
            "{}.{}.",
            b64.encode(r#"{"alg":"none","typ":"JWT"}"#),
            b64.encode(claims.to_string())
        )
    }
}

/// A `multipart/form-data` body built by hand (no extra client features needed).
#[derive(Debug, Default)]
pub struct MultipartBody {
    body: Vec<u8>,
}

const BOUNDARY: &str = "ourspace-e2e-boundary-7d1c";

impl MultipartBody {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a part; `filename` makes it a file part.
    #[must_use]
    pub fn part(
        mut self,
        name: &str,
        filename: Option<&str>,
        content_type: &str,
        bytes: &[u8],
    ) -> Self {
        let disposition = match filename {
            Some(f) => format!("form-data; name=\"{name}\"; filename=\"{f}\""),
            None => format!("form-data; name=\"{name}\""),
        };
        self.body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\nContent-Type: {content_type}\r\n\r\n").as_bytes(),
        );
        self.body.extend_from_slice(bytes);
        self.body.extend_from_slice(b"\r\n");
        self
    }

    /// A JSON part.
    #[must_use]
    pub fn json(self, name: &str, value: &serde_json::Value) -> Self {
        self.part(name, None, "application/json", value.to_string().as_bytes())
    }

    /// An image part.
    #[must_use]
    pub fn image(self, filename: &str, content_type: &str, bytes: &[u8]) -> Self {
        self.part("images", Some(filename), content_type, bytes)
    }

    /// The content type and the body.
    #[must_use]
    pub fn finish(mut self) -> (String, Vec<u8>) {
        self.body
            .extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        (
            format!("multipart/form-data; boundary={BOUNDARY}"),
            self.body,
        )
    }
}

/// A small real PNG.
#[must_use]
pub fn png(seed: u8) -> Vec<u8> {
    ourspace_infrastructure::seed::gradient_png(64, 48, [seed, 40, 200], [250, seed, 30], 3)
}
