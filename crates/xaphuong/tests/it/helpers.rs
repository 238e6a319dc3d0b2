use reqwest::StatusCode;
use reqwest::redirect::Policy;
use serde_json::Value;
use uuid::Uuid;
use xaphuong::Application;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::units::{Kind, UnitInput};
use xaphuong_core::users::{Role, UserInput};
use xaphuong_store::Store;
use xaphuong_store::testing::TestDb;
use xaphuong_store::units::{Unit, UnitFilter};
use xaphuong_store::users::{User, UserFilter};

pub const PASSWORD: &str = "mat-khau-thu-01";

/// Where a redirect sends the browser.
/// `res` answered `status` with a page or body that says `text`.
pub async fn says(res: reqwest::Response, status: reqwest::StatusCode, text: &str) {
    assert_eq!(res.status(), status);
    let body = res.text().await.unwrap();
    assert!(body.contains(text), "«{text}» not in {body}");
}

/// `res` answered `status` with a page or body that says every one of
/// `texts`.
pub async fn says_all(res: reqwest::Response, status: reqwest::StatusCode, texts: &[&str]) {
    assert_eq!(res.status(), status);
    let body = res.text().await.unwrap();
    for text in texts {
        assert!(body.contains(text), "«{text}» not in {body}");
    }
}

pub fn location(res: &reqwest::Response) -> String {
    res.headers()["location"].to_str().unwrap().to_owned()
}

/// The public address the test deployment prints in its QR codes.
pub const PUBLIC_URL: &str = "http://motcua.example.vn";

pub struct TestApp {
    pub base: String,
    pub store: Store,
    pub db: TestDb,
}

impl TestApp {
    /// The application as a ward runs it behind its public address (plain
    /// HTTP here, so that the test client keeps its cookies).
    pub async fn spawn(db: TestDb) -> TestApp {
        TestApp::spawn_with(
            db,
            xaphuong_web::WebConfig {
                public_url: Some(PUBLIC_URL.into()),
                ..Default::default()
            },
        )
        .await
    }

    pub async fn spawn_with(db: TestDb, config: xaphuong_web::WebConfig) -> TestApp {
        let store = db.store.clone();
        let app = Application::build(store.clone(), "127.0.0.1:0", config)
            .await
            .expect("bind");
        let base = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped(std::future::pending()));
        TestApp { base, store, db }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A browser-like client: keeps cookies, does not follow redirects.
    pub fn client(&self) -> reqwest::Client {
        xaphuong_web::webhooks::worker::install_tls_provider();
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .expect("client")
    }

    /// `path` as a client without a session gets it.
    pub async fn get_anonymous(&self, path: &str) -> reqwest::Response {
        self.client().get(self.url(path)).send().await.unwrap()
    }

    /// How many units the store holds.
    pub async fn unit_total(&self) -> i64 {
        let all = UnitFilter::default();
        self.store.units(&Scope::All, &all).await.unwrap().total
    }

    /// How many accounts the store holds.
    pub async fn user_total(&self) -> i64 {
        let all = UserFilter::default();
        self.store.users(&Scope::All, &all).await.unwrap().total
    }

    /// Posts the login form of a fresh page as `client`, with the test
    /// password, asking to go to `next` afterwards.
    pub async fn post_login(
        &self,
        client: &reqwest::Client,
        username: &str,
        next: &str,
    ) -> reqwest::Response {
        let token = page_token(client, &self.url("/login")).await;
        let form = [
            ("_csrf", token.as_str()),
            ("username", username),
            ("password", PASSWORD),
            ("next", next),
        ];
        let login = client.post(self.url("/login")).form(&form);
        login.send().await.unwrap()
    }

    /// Signs in through the login form; returns the client and the session's
    /// CSRF token.
    pub async fn login(&self, username: &str) -> Session {
        let client = self.client();
        let res = self.post_login(&client, username, "/").await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "login of {username}");
        let me = json_at(&client, &self.url("/api/v1/me")).await;
        let csrf = me["csrf_token"].as_str().expect("csrf token").to_owned();
        Session {
            client,
            csrf,
            base: self.base.clone(),
        }
    }

    /// A new account of `role` in `unit`, signed in.
    pub async fn signed_in(
        &self,
        unit: Uuid,
        username: &str,
        full_name: &str,
        role: Role,
    ) -> Session {
        add_user(&self.store, Some(unit), username, full_name, role).await;
        self.login(username).await
    }

    pub async fn cleanup(self) {
        self.db.cleanup().await;
    }
}

/// The actions the audit trail holds for one record, newest first.
pub async fn history(app: &TestApp, entity: xaphuong_core::audit::Entity, id: Uuid) -> Vec<String> {
    let f = xaphuong_store::audit::AuditFilter {
        entity: Some(entity),
        entity_id: Some(id),
        ..Default::default()
    };
    app.store
        .audit_entries(&Scope::All, &f)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

/// The demo data seeded into `store`; its ward today (Phường Bắc Kạn).
pub async fn demo_ward(store: &Store) -> Unit {
    xaphuong::demo::seed(store).await.unwrap();
    let code = xaphuong::demo::WARD_CODE;
    store.unit_by_code(&Scope::All, code, None).await.unwrap()
}

/// The demo data seeded into `store`; the seed's ward, Phường Phùng Chí
/// Kiên, which the code 01843 named in 2021.
pub async fn seed_ward(store: &Store) -> Unit {
    xaphuong::demo::seed(store).await.unwrap();
    let code = xaphuong::demo::WARD_CODE;
    let then = Some(jiff::civil::Date::constant(2021, 12, 31));
    store.unit_by_code(&Scope::All, code, then).await.unwrap()
}

/// Where `res` redirects to; if it does not, the page it answered instead
/// is shown.
pub async fn redirected(res: reqwest::Response) -> String {
    let status = res.status();
    if status != StatusCode::SEE_OTHER {
        panic!(
            "{status} instead of a redirect: {}",
            res.text().await.unwrap()
        );
    }
    location(&res)
}

/// A signed-in client.
pub struct Session {
    pub client: reqwest::Client,
    pub csrf: String,
    base: String,
}

impl Session {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// The text of the page at `path`.
    pub async fn page(&self, path: &str) -> String {
        self.get(path).await.text().await.unwrap()
    }

    /// The JSON answer at `path`.
    pub async fn get_json(&self, path: &str) -> Value {
        self.get(path).await.json().await.unwrap()
    }

    /// Posts a form with the session's CSRF token added.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut all: Vec<(&str, &str)> = vec![("_csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        self.client
            .post(self.url(path))
            .form(&all)
            .send()
            .await
            .unwrap()
    }

    /// Uploads a file as the form's `file` field, the token in the query.
    pub async fn post_file(&self, path: &str, name: &str, bytes: &[u8]) -> reqwest::Response {
        let form = reqwest::multipart::Form::new().part("file", file_part(name, bytes.to_vec()));
        self.post_multipart(path, form).await
    }

    /// Uploads a file for `unit` (the form's `unit_id`), as an import does.
    pub async fn post_file_for(
        &self,
        path: &str,
        unit: &str,
        name: &str,
        bytes: Vec<u8>,
    ) -> reqwest::Response {
        let form = reqwest::multipart::Form::new()
            .text("unit_id", unit.to_owned())
            .part("file", file_part(name, bytes));
        self.post_multipart(path, form).await
    }

    /// Posts a multipart form, the token in the query.
    pub async fn post_multipart(
        &self,
        path: &str,
        form: reqwest::multipart::Form,
    ) -> reqwest::Response {
        self.client
            .post(self.url(&format!("{path}?_csrf={}", self.csrf)))
            .multipart(form)
            .send()
            .await
            .unwrap()
    }

    /// Posts JSON with the CSRF header.
    pub async fn post_json(&self, path: &str, body: &Value) -> reqwest::Response {
        self.send_json(reqwest::Method::POST, path, body).await
    }

    /// Sends JSON with the CSRF header.
    pub async fn send_json(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &Value,
    ) -> reqwest::Response {
        self.client
            .request(method, self.url(path))
            .header("x-csrf-token", &self.csrf)
            .json(body)
            .send()
            .await
            .unwrap()
    }
}

/// A file named `name` holding `bytes`, as a browser uploads it.
pub fn file_part(name: &str, bytes: Vec<u8>) -> reqwest::multipart::Part {
    reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned())
}

/// The text of the page at `url`, as `client` (and its cookies) get it.
pub async fn text_at(client: &reqwest::Client, url: &str) -> String {
    client.get(url).send().await.unwrap().text().await.unwrap()
}

/// The JSON answer at `url`, as `client` (and its cookies) get it.
pub async fn json_at(client: &reqwest::Client, url: &str) -> Value {
    client.get(url).send().await.unwrap().json().await.unwrap()
}

/// The form token of the page at `url`, as `client` (and its cookies) get it.
pub async fn page_token(client: &reqwest::Client, url: &str) -> String {
    hidden_csrf(&text_at(client, url).await)
}

pub fn hidden_csrf(page: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    let start = page.find(marker).expect("a CSRF field") + marker.len();
    page[start..].split('"').next().unwrap().to_owned()
}

/// Two wards of one city, each with a group and accounts.
pub struct World {
    pub ward_a: Unit,
    pub group_a: Unit,
    pub ward_b: Unit,
    pub group_b: Unit,
    pub admin_a: User,
    pub leader_b: User,
}

fn unit(code: &str, name: &str, kind: Kind) -> UnitInput {
    UnitInput {
        code: code.into(),
        name: name.into(),
        kind: kind.as_str().into(),
    }
}

pub async fn add_user(
    store: &Store,
    unit: Option<Uuid>,
    username: &str,
    full_name: &str,
    role: Role,
) -> User {
    let input = UserInput {
        username: username.into(),
        full_name: full_name.into(),
        role: role.as_str().into(),
        fields: if role == Role::SpecialistOfficer {
            vec!["xay_dung".into()]
        } else {
            vec![]
        },
    };
    let hash = xaphuong_web::passwords::hash(PASSWORD.to_owned())
        .await
        .unwrap();
    store
        .create_user(&Actor::system("kiểm thử"), &Scope::All, unit, &input, &hash)
        .await
        .unwrap()
}

/// A unit of `kind` under `parent`, created by the system.
pub async fn add_unit(
    store: &Store,
    parent: Option<&Unit>,
    code: &str,
    name: &str,
    kind: Kind,
) -> Unit {
    store
        .create_unit(
            &Actor::system("kiểm thử"),
            &Scope::All,
            parent.map(|p| p.id),
            &unit(code, name, kind),
        )
        .await
        .unwrap()
}

pub async fn world(store: &Store) -> World {
    let province = add_unit(store, None, "06", "Tỉnh Bắc Kạn", Kind::Tinh).await;
    let city = add_unit(
        store,
        Some(&province),
        "058",
        "Thành phố Bắc Kạn",
        Kind::ThanhPhoThuocTinh,
    )
    .await;
    let ward_a = add_unit(
        store,
        Some(&city),
        "01843",
        "Phường Phùng Chí Kiên",
        Kind::Phuong,
    )
    .await;
    let ward_b = add_unit(store, Some(&city), "01837", "Phường Sông Cầu", Kind::Phuong).await;
    let group_a = add_unit(store, Some(&ward_a), "5", "Tổ 5", Kind::ToDanPho).await;
    let group_b = add_unit(store, Some(&ward_b), "7", "Tổ Bảy Sông Cầu", Kind::ToDanPho).await;
    let admin_a = add_user(
        store,
        Some(ward_a.id),
        "quantri.a",
        "Hoàng Văn Thành",
        Role::Admin,
    )
    .await;
    let leader_b = add_user(
        store,
        Some(ward_b.id),
        "lanhdao.b",
        "Đinh Thị Bích",
        Role::Leader,
    )
    .await;
    World {
        ward_a,
        group_a,
        ward_b,
        group_b,
        admin_a,
        leader_b,
    }
}

/// Defines `sqlite` and `postgres` variants of an application test.
#[macro_export]
macro_rules! app_test {
    ($name:ident, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($app: &$crate::helpers::TestApp) $body

            #[tokio::test]
            async fn sqlite() {
                let app = $crate::helpers::TestApp::spawn(xaphuong_store::testing::sqlite().await).await;
                run(&app).await;
                app.cleanup().await;
            }

            #[tokio::test]
            async fn postgres() {
                let Some(db) = xaphuong_store::testing::postgres_or_not_run().await else {
                    return;
                };
                let app = $crate::helpers::TestApp::spawn(db).await;
                run(&app).await;
                app.cleanup().await;
            }
        }
    };
}

/// A household of `group` with its head as only member, registered on
/// 1 January 2020 by the system.
pub async fn household(
    store: &Store,
    group: Uuid,
    code: &str,
    head: &str,
    address: &str,
    (born, citizen_id): (&str, &str),
) -> xaphuong_store::households::Household {
    store
        .create_household(
            &Actor::system("kiểm thử"),
            &Scope::All,
            group,
            &xaphuong_core::households::household::HouseholdInput {
                code: code.into(),
                head_name: head.into(),
                address: address.into(),
                ..Default::default()
            },
            &xaphuong_core::households::household::MemberInput {
                full_name: head.into(),
                birth_year: born.into(),
                sex: "male".into(),
                citizen_id: citizen_id.into(),
                ..Default::default()
            },
            jiff::civil::date(2020, 1, 1),
        )
        .await
        .unwrap()
}

/// A dossier of procedure `procedure` received at the counter of `commune`
/// at `at`, numbered by the commune's pattern.
pub async fn counter_dossier(
    store: &Store,
    commune: &Unit,
    procedure: Uuid,
    applicant: &str,
    at: jiff::civil::DateTime,
) -> xaphuong_store::onestop::Dossier {
    let counter = xaphuong_core::onestop::lifecycle::Channel::Counter;
    store
        .submit_dossier(
            &Actor::system("kiểm thử"),
            &Scope::All,
            &xaphuong_store::onestop::Filing {
                commune_id: commune.id,
                procedure_id: procedure,
                channel: counter,
                return_channel: counter,
                applicant: xaphuong_store::onestop::ApplicantInput {
                    applicant: applicant.into(),
                    ..Default::default()
                },
                files: Vec::new(),
            },
            at,
            &store.dossier_code_pattern(commune).await.unwrap(),
            None,
        )
        .await
        .unwrap()
}

/// A violation case created through the API in `unit`: its JSON.
pub async fn api_case(s: &Session, unit: Uuid) -> Value {
    let res = s
        .post_json(
            "/api/v1/violations",
            &serde_json::json!({"unit_id": unit, "kind": "illegal_construction", "offender": "Hộ bà Đặng Thị Hòa", "address": "Số 5 đường Trường Chinh", "detected_on": "2021-05-01"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

/// A ward's one-stop shop, ready to work: the procedure catalogue, and the
/// counter (`motcua`), the specialist (`tuphap`) and the leader
/// (`lanhdao`) of `ward`.
pub struct OneStop {
    pub specialist: User,
    /// Đăng ký khai sinh (1.001193).
    pub birth: xaphuong_store::onestop::Procedure,
}

pub async fn onestop(store: &Store, ward: Uuid) -> OneStop {
    store
        .ensure_procedure_catalogue(&Actor::system("kiểm thử"))
        .await
        .unwrap();
    add_user(
        store,
        Some(ward),
        "motcua",
        "Ma Thị Lan",
        Role::OneStopOfficer,
    )
    .await;
    let specialist = add_user(
        store,
        Some(ward),
        "tuphap",
        "Nông Văn Hải",
        Role::SpecialistOfficer,
    )
    .await;
    add_user(store, Some(ward), "lanhdao", "Hoàng Văn Tâm", Role::Leader).await;
    let birth = store
        .procedures(Some("khai sinh"))
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.code == "1.001193")
        .expect("the catalogue holds Đăng ký khai sinh");
    OneStop { specialist, birth }
}

/// The one number `sql` answers, read straight from the database at `url`.
pub async fn count(url: &str, sql: &str) -> i64 {
    use sqlx::Connection;
    if url.starts_with("sqlite") {
        let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
            .fetch_one(&mut c)
            .await
            .unwrap()
    } else {
        let mut c = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
            .fetch_one(&mut c)
            .await
            .unwrap()
    }
}
