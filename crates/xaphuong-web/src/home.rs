use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use xaphuong_core::access::Permission;
use xaphuong_core::units::Level;

use crate::AppState;
use crate::auth::Signed;
use crate::error::AppError;
use crate::page::Layout;
use xaphuong_store::units::Unit;

/// A figure that needs someone's attention, and the list behind it.
pub struct Attention {
    pub label: String,
    /// How many, for a list; none for a single indicator.
    pub count: Option<i64>,
    /// Why it is here (an indicator's risk, a figure's age).
    pub note: String,
    pub href: String,
    /// Something is wrong, not just something to do.
    pub urgent: bool,
}

/// An indicator of the year with its progress drawn.
pub struct Progress {
    pub name: String,
    pub chart: String,
    pub href: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    l: Layout,
    breadcrumbs: Vec<String>,
    counts: Vec<(&'static str, i64)>,
    attention: Vec<Attention>,
    progress: Vec<Progress>,
    /// The year the indicators are of, and how much of it is gone (%).
    year: i16,
    elapsed: i64,
    monthly: Option<String>,
    can_units: bool,
    can_users: bool,
    can_audit: bool,
    can_violations: bool,
    can_registers: bool,
    username: String,
}

pub async fn show(State(state): State<AppState>, signed: Signed) -> Result<HomePage, AppError> {
    let user = signed.user();
    let scope = user.scope();
    let mut breadcrumbs = Vec::new();
    if let Some(uid) = user.unit_id {
        let unit = state.store.unit(&scope, uid).await?;
        breadcrumbs = state
            .store
            .unit_ancestors(&unit)
            .await?
            .into_iter()
            .map(|u| u.name)
            .collect();
        breadcrumbs.push(unit.name);
    }
    let counts = state
        .store
        .unit_counts(&scope)
        .await?
        .into_iter()
        .map(|(level, n)| {
            let label = match level {
                Level::Province => "Tỉnh, thành phố",
                Level::District => "Huyện, quận, thị xã, thành phố thuộc tỉnh",
                Level::Commune => "Xã, phường, đặc khu",
                Level::Group => "Tổ dân phố, thôn",
            };
            (label, n)
        })
        .collect();
    let title = user
        .unit_name
        .clone()
        .unwrap_or_else(|| "Toàn hệ thống".into());
    let today = crate::page::today();
    let mut attention = queues(&state, &signed).await?;
    let elapsed = xaphuong_core::resolutions::year_elapsed_permille(today.year(), today);
    let mut progress = Vec::new();
    if user.role.allows(Permission::ViewReports)
        && let Some(unit) = own_commune(&state, &signed).await?
    {
        let (items, bars) = indicators(&state, &signed, &unit, today, elapsed).await?;
        attention.extend(items);
        progress = bars;
    }
    let monthly = if user.role.allows(Permission::ViewDossiers) {
        Some(
            crate::onestop::stats::monthly_chart(
                &state,
                &scope,
                today.year(),
                today,
                &Default::default(),
            )
            .await?,
        )
    } else {
        None
    };
    Ok(HomePage {
        l: Layout::new(&signed, title, "/"),
        breadcrumbs,
        counts,
        attention,
        progress,
        year: today.year(),
        elapsed: elapsed / 10,
        monthly,
        can_units: user.role.allows(Permission::ManageUnits),
        can_users: user.role.allows(Permission::ViewUsers),
        can_audit: user.role.allows(Permission::ViewAudit),
        can_violations: user.role.allows(Permission::ViewViolations),
        can_registers: user.role.allows(Permission::ViewRegisters),
        username: user.username.clone(),
    })
}

/// The caller's own commune, if their unit is one.
async fn own_commune(state: &AppState, signed: &Signed) -> Result<Option<Unit>, AppError> {
    let user = signed.user();
    let Some(id) = user.unit_id else {
        return Ok(None);
    };
    let unit = state.store.unit(&user.scope(), id).await?;
    Ok((unit.level == Level::Commune).then_some(unit))
}

/// The caller's queues: the one-stop dossiers overdue and due within a
/// working day (and their own, for an officer), the violation cases past
/// their remedy deadline, the public works behind schedule — each with its
/// count and its list.
async fn queues(state: &AppState, signed: &Signed) -> Result<Vec<Attention>, AppError> {
    use xaphuong_core::users::Role;
    let user = signed.user();
    let scope = user.scope();
    let mut out = Vec::new();
    if user.role.allows(Permission::ViewDossiers) {
        let now = crate::onestop::now();
        let mut views = vec![
            ("overdue", "Hồ sơ một cửa quá hạn", true),
            ("soon", "Hồ sơ đến hạn trong một ngày làm việc", false),
        ];
        if matches!(user.role, Role::OneStopOfficer | Role::SpecialistOfficer) {
            views.push(("mine", "Hồ sơ đang giao cho tôi", false));
        }
        for (view, label, urgent) in views {
            let q = crate::onestop::queue::QueueQuery {
                view: Some(view.into()),
                ..Default::default()
            };
            let mut f = q.filter(state, signed, now).await?;
            f.per_page = Some(1);
            let n = state.store.dossiers(&scope, &f).await?.count.at_least();
            out.push(Attention {
                label: label.into(),
                count: Some(n),
                note: String::new(),
                href: format!("/dossiers?view={view}"),
                urgent: urgent && n > 0,
            });
        }
    }
    if user.role.allows(Permission::ViewViolations) {
        let f = xaphuong_store::violations::ViolationFilter {
            overdue_on: Some(crate::page::today()),
            per_page: Some(1),
            ..Default::default()
        };
        let n = state.store.violations(&scope, &f).await?.total;
        out.push(Attention {
            label: "Vụ vi phạm quá hạn khắc phục".into(),
            count: Some(n),
            note: String::new(),
            href: "/violations?overdue=1".into(),
            urgent: n > 0,
        });
    }
    if user.role.allows(Permission::ViewRegisters) {
        let f = xaphuong_store::works::WorkFilter {
            behind_on: Some(crate::page::today()),
            per_page: Some(1),
            ..Default::default()
        };
        let n = state.store.works(&scope, &f).await?.total;
        out.push(Attention {
            label: "Công trình chậm tiến độ".into(),
            count: Some(n),
            note: String::new(),
            href: "/works?behind=1".into(),
            urgent: n > 0,
        });
    }
    Ok(out)
}

/// The year's indicators of the commune: those at risk (behind the share
/// of the year elapsed, or missed), the figures entered by hand that are
/// missing or older than 90 days, and each target's progress drawn.
async fn indicators(
    state: &AppState,
    signed: &Signed,
    unit: &Unit,
    today: jiff::civil::Date,
    elapsed: i64,
) -> Result<(Vec<Attention>, Vec<Progress>), AppError> {
    let year = today.year();
    let report = state
        .store
        .resolution_report(&signed.user().scope(), unit.id, year, today)
        .await?;
    let page = format!("/resolutions?unit={}&year={year}", unit.id);
    let (mut items, mut bars) = (Vec::new(), Vec::new());
    for l in &report.results {
        let href = l.records.as_ref().map_or(page.clone(), |r| r.0.clone());
        let risk = l.line.risk(elapsed);
        if let Some(risk) = risk {
            items.push(Attention {
                label: format!("Chỉ tiêu: {}", l.line.name),
                count: None,
                note: risk.label().into(),
                href: href.clone(),
                urgent: risk == xaphuong_core::resolutions::Risk::Missed,
            });
        }
        if l.line.measure.is_none() && l.stale(today, 90) {
            items.push(Attention {
                label: format!("Số liệu nhập tay: {}", l.line.name),
                count: None,
                note: if l.entered_at.is_some() {
                    "Nhập đã hơn 90 ngày, cần cập nhật".into()
                } else {
                    "Chưa nhập".into()
                },
                href: page.clone(),
                urgent: false,
            });
        }
        // A ceiling ("không quá 1,0%") is not a distance to cover.
        let Some(target) = l
            .line
            .target
            .filter(|_| l.line.direction != xaphuong_core::indicators::Direction::AtMost)
        else {
            continue;
        };
        let done = l
            .line
            .actual
            .filter(|_| !l.line.whole_missing())
            .and_then(|a| l.line.stated(a))
            .and_then(|v| xaphuong_core::indicators::achievement_hundredths(v, target));
        bars.push(Progress {
            name: l.line.name.clone(),
            chart: xaphuong_report::charts::progress(&l.line.name, done, elapsed, risk.is_some()),
            href,
        });
    }
    Ok((items, bars))
}

/// The signed-in start page.
pub(crate) fn routes(t: crate::routes::Table) -> crate::routes::Table {
    t.get("/", crate::routes::Access::SignedIn, show)
}
