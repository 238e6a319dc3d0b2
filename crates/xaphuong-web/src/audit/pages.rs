use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::audit::{Action, Entity};
use xaphuong_store::audit::{AuditEntry, AuditFilter};

use crate::AppState;
use crate::auth::Signed;
use crate::error::AppError;
use crate::page::{Layout, fmt_time, non_empty, parse_id, parse_param};

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub actor: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub before: Option<String>,
}

pub struct Row {
    pub at: String,
    pub actor: String,
    pub action: &'static str,
    pub entity: &'static str,
    pub link: String,
    pub before: String,
    pub after: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "audit.html")]
pub struct AuditPage {
    l: Layout,
    q: AuditQuery,
    rows: Vec<Row>,
    next: Option<String>,
    entities: Vec<(&'static str, &'static str)>,
}

/// A day `yyyy-mm-dd` in Vietnam as epoch milliseconds at its start.
fn day_start(s: &str, field: &str) -> Result<i64, AppError> {
    let d: jiff::civil::Date = s.parse().map_err(|_| {
        xaphuong_core::Invalid::one(field, "Ngày không hợp lệ (định dạng yyyy-mm-dd)")
    })?;
    let z = d
        .to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(7)))
        .map_err(|_| xaphuong_core::Invalid::one(field, "Ngày không hợp lệ"))?;
    Ok(z.timestamp().as_millisecond())
}

/// Turns the page's query into a store filter (shared with the API).
pub async fn filter(state: &AppState, q: &AuditQuery) -> Result<AuditFilter, AppError> {
    let mut f = AuditFilter {
        limit: Some(100),
        ..Default::default()
    };
    f.entity = parse_param(
        &q.entity,
        "entity",
        "Loại bản ghi không hợp lệ",
        Entity::parse,
    )?;
    f.entity_id = parse_id(&q.entity_id, "entity_id")?;
    if let Some(actor) = non_empty(&q.actor) {
        f.actor_id = match Uuid::try_parse(&actor) {
            Ok(id) => Some(id),
            Err(_) => Some(
                state
                    .store
                    .user_for_login(&actor)
                    .await?
                    .map(|(u, _)| u.id)
                    .unwrap_or_else(Uuid::nil),
            ),
        };
    }
    if let Some(from) = non_empty(&q.from) {
        f.from = Some(day_start(&from, "from")?);
    }
    if let Some(to) = non_empty(&q.to) {
        f.to = Some(day_start(&to, "to")? + 24 * 60 * 60 * 1000);
    }
    if let Some(before) = non_empty(&q.before) {
        let bad = || xaphuong_core::Invalid::one("before", "Vị trí trang không hợp lệ");
        let (at, id) = before.split_once('_').ok_or_else(bad)?;
        f.before = Some((
            at.parse().map_err(|_| bad())?,
            Uuid::try_parse(id).map_err(|_| bad())?,
        ));
    }
    Ok(f)
}

/// The cursor of the next (older) page, when this page is full.
pub fn next_cursor(entries: &[AuditEntry], f: &AuditFilter) -> Option<String> {
    if entries.len() as i64 != f.limit.unwrap_or(100) {
        return None;
    }
    entries.last().map(|e| format!("{}_{}", e.at, e.id))
}

pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<AuditQuery>,
) -> Result<AuditPage, AppError> {
    let f = filter(&state, &q).await?;
    let entries = state
        .store
        .audit_entries(&signed.user().scope(), &f)
        .await?;
    let next = next_cursor(&entries, &f);
    let rows = entries
        .iter()
        .map(|e| {
            let entity = Entity::parse(&e.entity);
            Row {
                at: fmt_time(e.at),
                actor: e.actor_name.clone(),
                action: Action::parse(&e.action).map_or("?", Action::label),
                entity: entity.map_or("?", Entity::label),
                link: match entity {
                    Some(Entity::Unit) => format!("/units/{}", e.entity_id),
                    Some(Entity::User) => format!("/users/{}", e.entity_id),
                    Some(Entity::CalendarDay | Entity::CalendarSettings) => {
                        "/calendar/schedule".to_owned()
                    }
                    Some(Entity::Violation) => format!("/violations/{}", e.entity_id),
                    Some(Entity::ViolationEvent) => "/violations".to_owned(),
                    Some(Entity::Handover) => format!("/handovers/{}", e.entity_id),
                    Some(Entity::Recruit) => format!("/recruitment/{}", e.entity_id),
                    Some(Entity::RecruitmentQuota) => "/recruitment".to_owned(),
                    Some(Entity::BudgetEntry) => format!("/budget/entries/{}", e.entity_id),
                    Some(Entity::Inspection) => format!("/inspections/{}", e.entity_id),
                    Some(Entity::InspectionCase) => "/inspections".to_owned(),
                    Some(Entity::ViolationAttachment) => "/violations".to_owned(),
                    Some(
                        Entity::Indicator
                        | Entity::Resolution
                        | Entity::Target
                        | Entity::IndicatorValue,
                    ) => "/resolutions".to_owned(),
                    Some(Entity::Procedure) => "/procedures".to_owned(),
                    Some(Entity::Dossier) => format!("/dossiers/{}", e.entity_id),
                    Some(Entity::DossierCode) => format!("/dossiers/ma-so?unit={}", e.entity_id),
                    Some(Entity::Household) => format!("/households/{}", e.entity_id),
                    Some(
                        Entity::HouseholdMember
                        | Entity::PovertyReview
                        | Entity::CultureReview
                        | Entity::ReviewStep
                        | Entity::PovertyStandard,
                    ) => "/households".to_owned(),
                    None => String::new(),
                },
                before: e.before_json.clone().unwrap_or_default(),
                after: e.after_json.clone().unwrap_or_default(),
            }
        })
        .collect();
    let next = next.map(|c| {
        let keep = [
            ("entity", &q.entity),
            ("entity_id", &q.entity_id),
            ("actor", &q.actor),
            ("from", &q.from),
            ("to", &q.to),
        ];
        let mut s: Vec<String> = keep
            .iter()
            .filter_map(|(k, v)| {
                non_empty(v).map(|v| {
                    format!(
                        "{k}={}",
                        form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
                    )
                })
            })
            .collect();
        s.push(format!("before={c}"));
        s.join("&")
    });
    Ok(AuditPage {
        l: Layout::new(&signed, "Nhật ký thay đổi", "/audit"),
        q,
        rows,
        next,
        entities: Entity::ALL
            .iter()
            .map(|e| (e.as_str(), e.label()))
            .collect(),
    })
}
