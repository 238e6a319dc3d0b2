//! Tax through the API: the rules, the council's meetings, the debts and
//! their follow-up, from the same functions as the pages.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use xaphuong_core::tax::rules::{TaxRule, builtin, rule_of_year};
use xaphuong_store::tax::{DebtAction, TaxDebt, TaxMeeting};

use super::{
    ActionForm, DebtQuery, MeetingForm, YearQuery, remove_action, save_action, save_meeting,
};
use crate::AppState;
use crate::auth::Signed;
use crate::error::{ApiError, ErrorBody};
use crate::json::{ApiJson, ApiResult, Paged};

/// How business households pay tax in a period.
#[derive(Serialize, ToSchema)]
pub struct TaxRuleView {
    pub code: String,
    /// YYYY-MM-DD
    pub from: String,
    /// YYYY-MM-DD; none: still in force.
    pub until: Option<String>,
    /// presumptive | declaration
    pub method: String,
    pub summary: String,
    pub council: String,
    pub basis: String,
    pub note: String,
}

impl From<&TaxRule> for TaxRuleView {
    fn from(r: &TaxRule) -> Self {
        TaxRuleView {
            code: r.code.clone(),
            from: r.from.to_string(),
            until: r.until.map(|d| d.to_string()),
            method: r.method.as_str().into(),
            summary: r.summary.clone(),
            council: r.council.clone(),
            basis: r.basis.clone(),
            note: r.note.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TaxRulesView {
    pub year: i16,
    /// The rule of the year asked for (the one in force on its last day).
    pub rule: Option<TaxRuleView>,
    /// Every period's rule, in order.
    pub rules: Vec<TaxRuleView>,
}

/// Which year's rule.
#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RulesQuery {
    /// The year (default: this year).
    pub year: Option<String>,
}

/// How business households pay tax, by period, and the year's rule.
#[utoipa::path(get, path = "/api/v1/tax/rules", operation_id = "get_tax_rules", tag = "tax", params(RulesQuery), responses((status = 200, description = "Thành công", body = TaxRulesView), (status = 422, description = "Dữ liệu không hợp lệ", body = ErrorBody)))]
pub async fn rules(Query(q): Query<RulesQuery>) -> ApiResult<TaxRulesView> {
    let year = crate::page::budget_year(&q.year)?;
    Ok(Json(TaxRulesView {
        year,
        rule: rule_of_year(year).map(TaxRuleView::from),
        rules: builtin().iter().map(TaxRuleView::from).collect(),
    }))
}

/// A meeting of the tax advisory council.
#[derive(Serialize, ToSchema)]
pub struct MeetingView {
    pub id: Uuid,
    pub commune_id: Uuid,
    /// YYYY-MM-DD
    pub held_on: String,
    pub subject: String,
    pub decision: String,
    pub households: Option<i64>,
    pub note: String,
}

impl From<&TaxMeeting> for MeetingView {
    fn from(m: &TaxMeeting) -> Self {
        MeetingView {
            id: m.id,
            commune_id: m.commune_id,
            held_on: m.held_on.to_string(),
            subject: m.subject.clone(),
            decision: m.decision.clone(),
            households: m.households,
            note: m.note.clone(),
        }
    }
}

/// The council's meetings of a commune's year.
#[utoipa::path(get, path = "/api/v1/tax/meetings", operation_id = "get_tax_meetings", tag = "tax", params(YearQuery), responses((status = 200, description = "Thành công", body = Vec<MeetingView>), (status = 422, description = "Dữ liệu không hợp lệ", body = ErrorBody)))]
pub async fn meetings(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<YearQuery>,
) -> ApiResult<Vec<MeetingView>> {
    let (_, year, scope) = q.place(&state, &signed).await?;
    let rows = state.store.tax_meetings(&scope, year).await?;
    Ok(Json(rows.iter().map(MeetingView::from).collect()))
}

/// Records a meeting of a commune's council.
#[utoipa::path(post, path = "/api/v1/tax/meetings", operation_id = "post_tax_meetings", tag = "tax", request_body = MeetingForm,
    responses((status = 201, description = "Đã tạo", body = MeetingView), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường", body = ErrorBody)))]
pub async fn create_meeting(
    State(state): State<AppState>,
    signed: Signed,
    ApiJson(f): ApiJson<MeetingForm>,
) -> Result<(StatusCode, Json<MeetingView>), ApiError> {
    let m = save_meeting(&state, &signed, &f).await?;
    Ok((StatusCode::CREATED, Json(MeetingView::from(&m))))
}

#[utoipa::path(delete, path = "/api/v1/tax/meetings/{id}", operation_id = "delete_tax_meetings_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "tax", responses((status = 204, description = "Xong, không có nội dung"), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn delete_meeting(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    let u = signed.user();
    state
        .store
        .delete_tax_meeting(&u.actor(), &u.scope(), id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A debtor on a tax-debt list, with the follow-up's result.
#[derive(Serialize, ToSchema)]
pub struct DebtView {
    pub id: Uuid,
    pub commune_id: Uuid,
    pub group_id: Option<Uuid>,
    pub group_name: Option<String>,
    /// YYYY-MM-DD
    pub listed_on: String,
    pub list_ref: String,
    pub debtor: String,
    pub tax_code: String,
    pub address: String,
    pub item: String,
    pub amount: i64,
    pub paid: i64,
    pub referred: bool,
    /// open | referred | paid
    pub state: String,
    pub note: String,
    pub version: i64,
}

impl DebtView {
    /// The debt as `signed` may see it.
    fn of(d: &TaxDebt, signed: &Signed) -> Self {
        DebtView {
            id: d.id,
            commune_id: d.commune_id,
            group_id: d.group_id,
            group_name: d.group_name.clone(),
            listed_on: d.listed_on.to_string(),
            list_ref: d.list_ref.clone(),
            debtor: d.debtor.clone(),
            tax_code: super::shown_code(signed, &d.tax_code),
            address: d.address.clone(),
            item: d.item.clone(),
            amount: d.amount,
            paid: d.paid,
            referred: d.referred,
            state: d.state().as_str().into(),
            note: d.note.clone(),
            version: d.updated_at,
        }
    }
}

/// One step of the follow-up.
#[derive(Serialize, ToSchema)]
pub struct ActionView {
    pub id: Uuid,
    /// YYYY-MM-DD
    pub done_on: String,
    /// reminder | payment | referred | other
    pub kind: String,
    pub amount: i64,
    pub note: String,
}

impl From<&DebtAction> for ActionView {
    fn from(a: &DebtAction) -> Self {
        ActionView {
            id: a.id,
            done_on: a.done_on.to_string(),
            kind: a.kind.as_str().into(),
            amount: a.amount,
            note: a.note.clone(),
        }
    }
}

/// A debt with its follow-up.
#[derive(Serialize, ToSchema)]
pub struct DebtDetail {
    pub debt: DebtView,
    pub actions: Vec<ActionView>,
}

async fn detail(state: &AppState, signed: &Signed, d: &TaxDebt) -> Result<DebtDetail, ApiError> {
    let actions = state.store.debt_actions(d).await?;
    Ok(DebtDetail {
        debt: DebtView::of(d, signed),
        actions: actions.iter().map(ActionView::from).collect(),
    })
}

/// The debts of the caller's scope, filtered as on the page.
#[utoipa::path(get, path = "/api/v1/tax/debts", operation_id = "get_tax_debts", tag = "tax", params(DebtQuery), responses((status = 200, description = "Thành công", body = Paged<DebtView>), (status = 422, description = "Dữ liệu không hợp lệ", body = ErrorBody)))]
pub async fn debts(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<DebtQuery>,
) -> ApiResult<Paged<DebtView>> {
    let page = state
        .store
        .tax_debts(&signed.user().scope(), &q.filter()?)
        .await?;
    Ok(Json(Paged::map(&page, |d| DebtView::of(d, &signed))))
}

#[utoipa::path(get, path = "/api/v1/tax/debts/{id}", operation_id = "get_tax_debts_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "tax", responses((status = 200, description = "Thành công", body = DebtDetail), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn debt(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> ApiResult<DebtDetail> {
    let d = state.store.tax_debt(&signed.user().scope(), id).await?;
    Ok(Json(detail(&state, &signed, &d).await?))
}

#[utoipa::path(delete, path = "/api/v1/tax/debts/{id}", operation_id = "delete_tax_debts_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "tax", responses((status = 204, description = "Xong, không có nội dung"), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn delete_debt(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    let u = signed.user();
    state
        .store
        .delete_tax_debt(&u.actor(), &u.scope(), id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records a step of the follow-up on the debt's `version` read (409 if
/// it changed since); answers the debt with its follow-up.
#[utoipa::path(post, path = "/api/v1/tax/debts/{id}/actions", operation_id = "post_tax_debts_actions", params(("id" = Uuid, Path, description = "Mã (UUID) của khoản nợ")), tag = "tax", request_body = ActionForm,
    responses((status = 201, description = "Đã ghi", body = DebtDetail), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody), (status = 409, description = "Khoản nợ đã đổi sau khi đọc", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường", body = ErrorBody)))]
pub async fn add_action(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    ApiJson(f): ApiJson<ActionForm>,
) -> Result<(StatusCode, Json<DebtDetail>), ApiError> {
    let d = save_action(&state, &signed, id, &f).await?;
    Ok((
        StatusCode::CREATED,
        Json(detail(&state, &signed, &d).await?),
    ))
}

/// The debt's version read, for taking a step back.
#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionQuery {
    /// The debt's `version` read.
    pub version: Option<String>,
}

/// Takes back a step entered by mistake, on the debt's `version` read.
#[utoipa::path(delete, path = "/api/v1/tax/debts/{id}/actions/{action}", operation_id = "delete_tax_debts_actions", params(("id" = Uuid, Path, description = "Mã (UUID) của khoản nợ"), ("action" = Uuid, Path, description = "Mã (UUID) của bước đôn đốc"), VersionQuery), tag = "tax",
    responses((status = 200, description = "Thành công", body = DebtDetail), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody), (status = 409, description = "Khoản nợ đã đổi sau khi đọc", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ", body = ErrorBody)))]
pub async fn delete_action(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, action)): Path<(Uuid, Uuid)>,
    Query(q): Query<VersionQuery>,
) -> ApiResult<DebtDetail> {
    let d = remove_action(
        &state,
        &signed,
        id,
        action,
        q.version.as_deref().unwrap_or(""),
    )
    .await?;
    Ok(Json(detail(&state, &signed, &d).await?))
}
