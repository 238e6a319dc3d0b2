use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use xaphuong_core::audit::{Action, Entity};

use super::{AuditQuery, entries};
use crate::AppState;
use crate::auth::Signed;
use crate::error::AppError;
use crate::page::{Layout, fmt_time, non_empty};

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
#[template(path = "audit/list.html")]
pub struct AuditPage {
    l: Layout,
    q: AuditQuery,
    rows: Vec<Row>,
    next: Option<String>,
    entities: Vec<(&'static str, &'static str)>,
}

pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<AuditQuery>,
) -> Result<AuditPage, AppError> {
    let (entries, next) = entries(&state, &signed, &q).await?;
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
                    Some(Entity::DossierFile) => "/dossiers".to_owned(),
                    Some(Entity::DossierCode) => format!("/dossiers/ma-so?unit={}", e.entity_id),
                    Some(Entity::Household) => format!("/households/{}", e.entity_id),
                    Some(
                        Entity::HouseholdMember
                        | Entity::PovertyReview
                        | Entity::CultureReview
                        | Entity::ReviewStep
                        | Entity::PovertyStandard,
                    ) => "/households".to_owned(),
                    Some(Entity::Reorganisation) => "/reorganisations".to_owned(),
                    Some(Entity::Webhook) => format!("/webhooks/{}", e.entity_id),
                    Some(Entity::Work) => format!("/works/{}", e.entity_id),
                    Some(Entity::SpendingEntry) => format!("/spending/entries/{}", e.entity_id),
                    Some(Entity::Activity) => format!("/activities/{}", e.entity_id),
                    Some(Entity::GroupTitle) => "/activities/titles".to_owned(),
                    Some(Entity::Reception) => format!("/receptions/{}", e.entity_id),
                    Some(Entity::Problem) => format!("/problems/{}", e.entity_id),
                    Some(Entity::ProblemRoute) => "/problems/routes".to_owned(),
                    Some(Entity::ApiClient) => "/api-clients".to_owned(),
                    Some(Entity::Business) => format!("/businesses/{}", e.entity_id),
                    Some(Entity::TaxMeeting) => "/tax".to_owned(),
                    Some(Entity::TaxDebt) => format!("/tax/debts/{}", e.entity_id),
                    Some(Entity::TaxDebtAction) => "/tax/debts".to_owned(),
                    Some(Entity::Cooperative) => format!("/cooperatives/{}", e.entity_id),
                    // A grade or support is kept on its cooperative's page.
                    Some(Entity::CooperativeGrade | Entity::CooperativeSupport) => {
                        cooperative_of(e).map_or_else(
                            || "/cooperatives".to_owned(),
                            |id| format!("/cooperatives/{id}"),
                        )
                    }
                    Some(Entity::Bundle) => e
                        .unit_id
                        .map_or_else(String::new, |u| format!("/units/{u}")),
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

/// The cooperative a grade's or support's entry belongs to, as recorded.
fn cooperative_of(e: &xaphuong_store::audit::AuditEntry) -> Option<String> {
    [&e.after_json, &e.before_json]
        .into_iter()
        .flatten()
        .filter_map(|j| serde_json::from_str::<serde_json::Value>(j).ok())
        .find_map(|v| v["cooperative_id"].as_str().map(str::to_owned))
}
