//! The pages of a ward and of a province read their records through
//! indexes. On a generated province every statement the pages run is
//! explained — by SQLite's `EXPLAIN QUERY PLAN`, by PostgreSQL itself
//! (`auto_explain`, sequential scans disabled so that a "Seq Scan" means no
//! index could serve) — and a full scan of a large table fails the test.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use tracing::field::{Field, Visit};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context, SubscriberExt};
use xaphuong::demo::{self, Size};
use xaphuong_core::access::Scope;
use xaphuong_core::users::Role;
use xaphuong_store::Store;

use crate::helpers::*;

/// Tables that grow with a province's households and dossiers.
const LARGE: &[&str] = &[
    "problems",
    "problem_events",
    "dossiers",
    "dossier_events",
    "dossier_ratings",
    "dossier_files",
    "dossier_day_counts",
    "dossier_year_counts",
    "households",
    "household_members",
    "household_moves",
    "poverty_reviews",
    "culture_reviews",
    "audit_log",
];

/// Indexes a page walks in its own order over several communes, stopping
/// after a page of rows (`Store::spans_communes`): allowed only to a
/// statement with an ORDER BY.
const ORDERED_WALKS: &[&str] = &[
    "dossiers_queue_idx",
    "households_code_idx",
    "problems_place_idx",
];

/// What the database was asked, and what PostgreSQL said it did.
#[derive(Default)]
struct Seen {
    statements: Vec<String>,
    plans: Vec<String>,
}

struct Capture(Arc<Mutex<Seen>>);

#[derive(Default)]
struct Fields {
    summary: String,
    statement: String,
    message: String,
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "summary" => self.summary = value.to_owned(),
            "db.statement" => self.statement = value.to_owned(),
            "message" => self.message = value.to_owned(),
            _ => {}
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.record_str(field, &format!("{value:?}"));
    }
}

impl<S: tracing::Subscriber> Layer<S> for Capture {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        let target = event.metadata().target();
        let mut f = Fields::default();
        event.record(&mut f);
        let mut seen = self.0.lock().unwrap();
        if target == "sqlx::query" {
            let sql = if f.statement.trim().is_empty() {
                f.summary
            } else {
                f.statement
            };
            seen.statements.push(sql.trim().to_owned());
        } else if target == "sqlx::postgres::notice" && f.message.contains("Query Text:") {
            seen.plans.push(f.message);
        }
    }
}

/// The process's record of statements (tests run one to a process).
fn seen() -> Arc<Mutex<Seen>> {
    static SEEN: OnceLock<Arc<Mutex<Seen>>> = OnceLock::new();
    SEEN.get_or_init(|| {
        let seen = Arc::new(Mutex::new(Seen::default()));
        let only_sqlx = tracing_subscriber::filter::filter_fn(|m| m.target().starts_with("sqlx"));
        let subscriber =
            tracing_subscriber::registry().with(Capture(seen.clone()).with_filter(only_sqlx));
        let _ = tracing::subscriber::set_global_default(subscriber);
        seen
    })
    .clone()
}

/// Table names by the names a statement gives them (`FROM dossiers d`).
fn aliases(sql: &str) -> HashMap<String, String> {
    let words: Vec<String> = sql
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut out = HashMap::new();
    for (i, w) in words.iter().enumerate() {
        if (w == "from" || w == "join")
            && let Some(table) = words.get(i + 1)
        {
            out.insert(table.clone(), table.clone());
            let next = words.get(i + 2).filter(|a| *a != "as").or(words.get(i + 3));
            if let Some(alias) = next {
                out.entry(alias.clone()).or_insert_with(|| table.clone());
            }
        }
    }
    out
}

/// Lines of SQLite plans that read a large table whole, with their
/// statement.
async fn sqlite_full_scans(store: &Store, statements: &BTreeSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    for sql in statements {
        let names = aliases(sql);
        let ordered = sql.contains("ORDER BY");
        for line in store.explain_query_plan(sql).await.unwrap() {
            // "SCAN d" reads the table, "SCAN d USING INDEX i" an index
            // whole: only a page's ordered walk may.
            let Some(rest) = line.strip_prefix("SCAN ") else {
                continue;
            };
            let name = rest.split_whitespace().next().unwrap_or_default();
            if ordered
                && ORDERED_WALKS
                    .iter()
                    .any(|i| rest.ends_with(&format!("INDEX {i}")))
            {
                continue;
            }
            let table = names.get(name).map_or(name, String::as_str);
            if LARGE.contains(&table) {
                out.push(format!("{line}\n    in: {sql}"));
            }
        }
    }
    out
}

/// PostgreSQL plans that read a large table whole: a sequential scan, or
/// (sequential scans being off) an index scan with no condition on the
/// index, other than a page's ordered walk.
fn postgres_full_scans(plans: &[String]) -> Vec<String> {
    let whole = |plan: &str| {
        let ordered = plan.contains("ORDER BY");
        let lines: Vec<&str> = plan.lines().collect();
        lines.iter().enumerate().any(|(i, l)| {
            if let Some(rest) = l.split("Seq Scan on ").nth(1) {
                let table = rest.split_whitespace().next().unwrap_or_default();
                return LARGE.contains(&table);
            }
            // The node's own lines, up to the next node.
            let conditioned = || {
                lines[i + 1..]
                    .iter()
                    .take_while(|n| !n.contains("->"))
                    .any(|n| n.contains("Index Cond:"))
            };
            if let Some(rest) = l.split("Bitmap Index Scan on ").nth(1) {
                // Its table is the bitmap heap scan's above it.
                let table = lines[..i]
                    .iter()
                    .rev()
                    .find_map(|p| p.split("Bitmap Heap Scan on ").nth(1))
                    .and_then(|r| r.split_whitespace().next())
                    .unwrap_or(rest);
                return LARGE.contains(&table) && !conditioned();
            }
            let Some(rest) = l.split(" Scan using ").nth(1) else {
                return false;
            };
            let mut words = rest.split_whitespace();
            let index = words.next().unwrap_or_default();
            let table = words.nth(1).unwrap_or_default();
            LARGE.contains(&table) && !conditioned() && !(ordered && ORDERED_WALKS.contains(&index))
        })
    };
    plans.iter().filter(|p| whole(p)).cloned().collect()
}

/// Signs in, opens every page a ward officer or a province's administrator
/// reads daily, and returns the statements they ran.
async fn open_the_pages(app: &TestApp) -> BTreeSet<String> {
    let store = &app.store;
    let ward = store
        .unit_by_code(&Scope::All, demo::WARD_CODE, None)
        .await
        .unwrap();
    let province = store.unit_by_code(&Scope::All, "19", None).await.unwrap();
    add_user(
        store,
        Some(ward.id),
        "lanhdao2",
        "Nông Thị Hạnh",
        Role::Leader,
    )
    .await;
    add_user(
        store,
        Some(province.id),
        "quantri2",
        "Hoàng Văn Thành",
        Role::Admin,
    )
    .await;
    let leader = app.login("lanhdao2").await;
    let admin = app.login("quantri2").await;
    let household = store
        .households(&ward.scope(), &Default::default())
        .await
        .unwrap()
        .items[0]
        .clone();
    let dossiers = store
        .dossiers(&ward.scope(), &Default::default())
        .await
        .unwrap();
    let dossier = dossiers.items[0].clone();
    let next = dossiers.next.unwrap();
    let cooperative = store
        .cooperatives(&ward.scope(), &Default::default())
        .await
        .unwrap()
        .items[0]
        .clone();
    let problem = store
        .problems(&ward.scope(), &Default::default())
        .await
        .unwrap()
        .items[0]
        .clone();
    let pages = [
        "/households".to_owned(),
        "/households?year=2022&class=poor".to_owned(),
        "/households?year=2022&culture=not".to_owned(),
        format!("/households?q={}", household.code),
        "/households?q=nguyen".to_owned(),
        format!("/households/{}", household.id),
        "/households/reviews?year=2022".to_owned(),
        "/households/export.xlsx".to_owned(),
        // Every register's list and its streamed export.
        "/violations?year=2022".to_owned(),
        "/violations/export.xlsx".to_owned(),
        "/handovers/export.xlsx".to_owned(),
        "/recruitment/export.xlsx".to_owned(),
        "/budget/export.xlsx".to_owned(),
        "/inspections/export.xlsx".to_owned(),
        "/works?accepted=2022&kind=road_concrete".to_owned(),
        "/works?behind=1".to_owned(),
        "/works/export.xlsx".to_owned(),
        "/spending?year=2022".to_owned(),
        "/spending/export.xlsx?year=2022".to_owned(),
        "/activities?year=2022".to_owned(),
        "/activities/export.xlsx".to_owned(),
        format!("/activities/titles?unit={}&year=2022", ward.id),
        "/problems?year=2026".to_owned(),
        "/problems?overdue=1".to_owned(),
        "/problems?mine=1".to_owned(),
        "/problems?category=sidewalk&status=received".to_owned(),
        "/problems/export.xlsx".to_owned(),
        "/problems/stats?year=2026".to_owned(),
        format!("/problems/{}", problem.id),
        "/phan-anh/cong-khai".to_owned(),
        format!("/phan-anh/cong-khai?xa={}&status=open", ward.id),
        format!("/phan-anh/cong-khai/{}", problem.code),
        format!("/open311/v2/requests.json?jurisdiction_id={}", ward.id),
        format!("/open311/v2/requests/{}.json", problem.code),
        "/receptions?year=2026".to_owned(),
        "/receptions?overdue=1".to_owned(),
        "/receptions/export.xlsx".to_owned(),
        "/businesses?registered=2022".to_owned(),
        "/businesses?active=2022".to_owned(),
        "/businesses/export.xlsx".to_owned(),
        format!("/tax?unit={}&year=2022", ward.id),
        "/tax/debts?year=2022".to_owned(),
        "/tax/debts?state=open".to_owned(),
        "/tax/debts/export.xlsx".to_owned(),
        "/cooperatives?founded=2022".to_owned(),
        "/cooperatives?status=active".to_owned(),
        "/cooperatives/export.xlsx".to_owned(),
        format!("/cooperatives/{}", cooperative.id),
        "/dossiers".to_owned(),
        format!("/dossiers?after={next}"),
        "/dossiers?view=overdue".to_owned(),
        "/dossiers?status=returned".to_owned(),
        format!("/dossiers?q={}", dossier.code),
        format!("/dossiers/{}", dossier.id),
        "/dossiers/stats?from=2026-01-01&to=2026-11-30".to_owned(),
        "/dossiers/stats.xlsx?from=2026-01-01&to=2026-11-30".to_owned(),
        "/resolutions?year=2022".to_owned(),
        format!("/resolutions?unit={}&year=2022", province.id),
    ];
    let seen = seen();
    seen.lock().unwrap().statements.clear();
    seen.lock().unwrap().plans.clear();
    for page in &pages {
        for session in [&leader, &admin] {
            let res = session.get(page).await;
            let status = res.status();
            // The leader has no unit filter over the province.
            assert!(
                status.is_success() || (status == 404 && page.contains("unit=")),
                "{page}: {status}"
            );
        }
    }
    let s = seen.lock().unwrap();
    s.statements
        .iter()
        .filter(|sql| {
            sql.to_uppercase().trim_start().starts_with("SELECT") || sql.starts_with("WITH")
        })
        .cloned()
        .collect()
}

async fn build(store: &Store) {
    let size = Size {
        communes: 3,
        households: 120,
        dossiers: Some(240),
    };
    demo::seed_sized(store, &size, &mut |_, _| {})
        .await
        .unwrap();
}

#[tokio::test]
async fn sqlite() {
    seen();
    let app = TestApp::spawn(xaphuong_store::testing::sqlite().await).await;
    build(&app.store).await;
    let statements = open_the_pages(&app).await;
    assert!(statements.len() > 20, "{statements:?}");
    let scans = sqlite_full_scans(&app.store, &statements).await;
    assert!(scans.is_empty(), "full scans:\n{}", scans.join("\n"));
    app.cleanup().await;
}

#[tokio::test]
async fn postgres() {
    seen();
    let Some(mut db) = xaphuong_store::testing::postgres_or_not_run().await else {
        return;
    };
    // The server explains each statement to the client as it runs it.
    let explained = format!(
        "{}{}options[session_preload_libraries]=auto_explain&options[auto_explain.log_min_duration]=0\
         &options[auto_explain.log_level]=notice&options[enable_seqscan]=off",
        db.url,
        if db.url.contains('?') { "&" } else { "?" }
    );
    db.store.close().await;
    db.store = Store::open(&explained).await.unwrap();
    let app = TestApp::spawn(db).await;
    build(&app.store).await;
    let statements = open_the_pages(&app).await;
    assert!(statements.len() > 20, "{statements:?}");
    let plans = seen().lock().unwrap().plans.clone();
    assert!(plans.len() >= statements.len() / 2, "{} plans", plans.len());
    let scans = postgres_full_scans(&plans);
    assert!(scans.is_empty(), "full scans:\n{}", scans.join("\n\n"));
    app.cleanup().await;
}
