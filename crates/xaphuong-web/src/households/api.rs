//! Households through the API: the list with the page's filters, a
//! household with its members, moves and reviews, the year's counts and
//! rates — personal data shown to each role by the same rule as the pages.

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use xaphuong_store::households::Household;

use super::{
    ListQuery, hundredths, members_of, narrowed, register_file, review_commune, review_year,
    set_review_step, view_of,
};
use crate::AppState;
use crate::auth::Signed;
use crate::error::{AppError, ErrorBody};
use crate::json::ApiResult;
use crate::page::parse_param;

/// A household as the caller's role may see it: the head's name (masked
/// for some roles) and the address (only for the roles that see it).
#[derive(Serialize, ToSchema)]
pub struct HouseholdView {
    pub id: Uuid,
    pub code: String,
    pub commune_id: Uuid,
    pub group_id: Option<Uuid>,
    pub group: Option<String>,
    pub head: String,
    /// Empty for a role that does not see addresses.
    pub address: String,
    /// urban | rural
    pub area: String,
    pub registered_on: String,
    pub moved_out_on: Option<String>,
    pub version: i64,
}

impl HouseholdView {
    fn of(h: &Household, view: &xaphuong_core::households::household::PersonalView) -> Self {
        HouseholdView {
            id: h.id,
            code: h.code.clone(),
            commune_id: h.commune_id,
            group_id: h.group_id,
            group: h.group_name.clone(),
            head: view.show_name(&h.head_name),
            address: view.show_address(&h.address),
            area: h.area.as_str().into(),
            registered_on: h.registered_on.to_string(),
            moved_out_on: h.moved_out_on.map(|d| d.to_string()),
            version: h.updated_at,
        }
    }
}

/// A page of households.
#[derive(Serialize, ToSchema)]
pub struct HouseholdList {
    pub items: Vec<HouseholdView>,
    /// Pass as `after` for the next page; absent on the last.
    pub next: Option<Uuid>,
    /// How many match, counted up to 10 000.
    pub count: i64,
    pub count_exact: bool,
}

/// The households of the caller's scope (or of a unit of it), filtered as
/// on the page, by keyset pages.
#[utoipa::path(get, path = "/api/v1/households", operation_id = "get_households", tag = "households", params(ListQuery),
    responses((status = 200, description = "Thành công", body = HouseholdList), (status = 422, description = "Bộ lọc không hợp lệ", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> ApiResult<HouseholdList> {
    let scope = narrowed(&state, &signed, &q.unit).await?;
    let (f, ..) = q.filter(&signed)?;
    let page = state.store.households(&scope, &f).await?;
    let view = view_of(&signed);
    let (count, count_exact) = page.count.parts();
    Ok(Json(HouseholdList {
        items: page
            .items
            .iter()
            .map(|h| HouseholdView::of(h, &view))
            .collect(),
        next: page.next,
        count,
        count_exact,
    }))
}

/// A member as the caller's role may see them.
#[derive(Serialize, ToSchema)]
pub struct MemberView {
    pub name: String,
    pub relation: String,
    pub sex: String,
    /// Empty for a role that does not see it.
    pub birth_year: String,
    /// Empty, or masked, for a role that does not see it whole.
    pub citizen_id: String,
}

/// A move between groups or communes.
#[derive(Serialize, ToSchema)]
pub struct MoveView {
    pub moved_on: String,
    pub from: String,
    pub to: String,
    pub note: String,
    pub recorded_by: String,
}

/// A year's poverty review.
#[derive(Serialize, ToSchema)]
pub struct PovertyView {
    pub year: i16,
    pub standard: String,
    pub area: String,
    pub income: i64,
    pub deprivations: Vec<String>,
    /// poor | near_poor | average | not_poor
    pub class: String,
}

/// A year's cultural-family review (NĐ 86/2023).
#[derive(Serialize, ToSchema)]
pub struct CultureView {
    pub year: i64,
    pub law: bool,
    pub emulation: bool,
    pub family: bool,
    pub exclusions: String,
    pub decision_date: Option<String>,
    pub recognised: bool,
    pub reasons: String,
}

/// A household with all the caller's role may see of it.
#[derive(Serialize, ToSchema)]
pub struct HouseholdDetail {
    pub household: HouseholdView,
    pub members: Vec<MemberView>,
    pub moves: Vec<MoveView>,
    /// Absent for a role that does not see incomes and deprivations.
    pub poverty: Option<Vec<PovertyView>>,
    pub culture: Vec<CultureView>,
}

/// A household: its members, moves and yearly reviews.
#[utoipa::path(get, path = "/api/v1/households/{id}", operation_id = "get_household", tag = "households",
    params(("id" = Uuid, Path, description = "Mã hộ (id)")),
    responses((status = 200, description = "Thành công", body = HouseholdDetail)))]
pub async fn get(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> ApiResult<HouseholdDetail> {
    let scope = signed.user().scope();
    let h = state.store.household(&scope, id).await?;
    let view = view_of(&signed);
    let poverty = if view.poverty {
        let all = state.store.poverty_reviews(&scope, id).await?;
        Some(
            all.into_iter()
                .map(|r| PovertyView {
                    year: r.year,
                    standard: r.standard,
                    area: r.area.as_str().into(),
                    income: r.income,
                    deprivations: r.deprivations,
                    class: r.class.as_str().into(),
                })
                .collect(),
        )
    } else {
        None
    };
    Ok(Json(HouseholdDetail {
        household: HouseholdView::of(&h, &view),
        members: members_of(&state, &signed, id)
            .await?
            .into_iter()
            .map(|m| MemberView {
                name: m.name,
                relation: m.relation.into(),
                sex: m.sex.into(),
                birth_year: m.birth_year,
                citizen_id: m.citizen_id,
            })
            .collect(),
        moves: state
            .store
            .household_moves(&scope, id)
            .await?
            .into_iter()
            .map(|m| MoveView {
                moved_on: m.moved_on,
                from: m.from_name,
                to: m.to_name,
                note: m.note,
                recorded_by: m.actor_name,
            })
            .collect(),
        poverty,
        culture: state
            .store
            .culture_reviews(&scope, id)
            .await?
            .into_iter()
            .map(|r| CultureView {
                year: r.year,
                law: r.law,
                emulation: r.emulation,
                family: r.family,
                exclusions: r.exclusions,
                decision_date: r.decision_date,
                recognised: r.recognised,
                reasons: r.reasons,
            })
            .collect(),
    }))
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct RatesQuery {
    /// The year of the reviews (this year by default).
    pub year: Option<String>,
    /// A unit of the caller's scope (all of it by default).
    pub unit: Option<String>,
}

/// A rate with what it divides.
#[derive(Serialize, ToSchema)]
pub struct RateView {
    pub numerator: i64,
    pub denominator: i64,
    /// In percent, two decimals ("0.93"); absent when nothing is counted.
    pub percent: Option<String>,
}

fn rate(numerator: i64, denominator: i64) -> RateView {
    RateView {
        numerator,
        denominator,
        percent: hundredths(numerator, denominator).map(|h| format!("{}.{:02}", h / 100, h % 100)),
    }
}

/// A year's household counts and rates.
#[derive(Serialize, ToSchema)]
pub struct HouseholdRates {
    pub year: i16,
    /// The day households are counted on: the chairman's decision of the
    /// poverty review if recorded, else 31 December.
    pub review_date: String,
    pub households: i64,
    pub poor: i64,
    pub near_poor: i64,
    /// Poor households ÷ households.
    pub poverty_rate: RateView,
    /// Poor and near-poor households ÷ households.
    pub poor_or_near_rate: RateView,
    /// Recognised cultural families ÷ households (as the report counts it).
    pub culture_rate: RateView,
    /// Households the cultural-family review covered.
    pub culture_reviewed: i64,
    /// The year's poverty review is recorded: without it the poverty rates
    /// are not known, whatever their numerators say.
    pub poverty_reviewed: bool,
}

/// The year's counts and rates of the resolution report's indicators, each
/// with its numerator and denominator.
#[utoipa::path(get, path = "/api/v1/households/rates", operation_id = "get_household_rates", tag = "households", params(RatesQuery),
    responses((status = 200, description = "Thành công", body = HouseholdRates)))]
pub async fn rates(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<RatesQuery>,
) -> ApiResult<HouseholdRates> {
    let scope = narrowed(&state, &signed, &q.unit).await?;
    let year = parse_param(&q.year, "year", "Năm không hợp lệ", |s| {
        s.parse::<i16>().ok().filter(|y| (2000..=2100).contains(y))
    })?
    .unwrap_or_else(|| crate::page::today().year());
    let c = state
        .store
        .household_counts(&scope, year)
        .await
        .map_err(AppError::from)?;
    Ok(Json(HouseholdRates {
        year,
        poverty_rate: rate(c.poor, c.households),
        poor_or_near_rate: rate(c.poor + c.near_poor, c.households),
        culture_rate: rate(c.recognised, c.households),
        culture_reviewed: c.culture_reviewed,
        poverty_reviewed: c.poverty_reviewed,
        review_date: c.review_date,
        households: c.households,
        poor: c.poor,
        near_poor: c.near_poor,
    }))
}

/// A new household and its head.
#[derive(Deserialize, ToSchema)]
pub struct NewHousehold {
    /// The residential group (or the commune) it lives in; the caller's
    /// own unit when left out.
    pub unit_id: Option<Uuid>,
    /// Mã hộ.
    pub code: String,
    pub head_name: String,
    #[serde(default)]
    pub address: String,
    /// urban | rural (urban by default)
    #[serde(default)]
    pub area: String,
    #[serde(default)]
    pub head_birth_year: Option<i32>,
    /// nam | nu
    #[serde(default)]
    pub head_sex: String,
    #[serde(default)]
    pub head_citizen_id: String,
}

fn year_text(y: Option<i32>) -> String {
    y.map(|y| y.to_string()).unwrap_or_default()
}

/// Registers a household with its head.
#[utoipa::path(post, path = "/api/v1/households", operation_id = "post_household", tag = "households", request_body = NewHousehold,
    responses((status = 201, description = "Đã tạo", body = HouseholdDetail)))]
pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    crate::json::ApiJson(b): crate::json::ApiJson<NewHousehold>,
) -> Result<(axum::http::StatusCode, Json<HouseholdDetail>), crate::error::ApiError> {
    use xaphuong_core::households::household::{HouseholdInput, MemberInput, Relation};
    let user = signed.user();
    let unit = b.unit_id.or(user.unit_id).ok_or_else(|| {
        AppError::Invalid(xaphuong_core::Invalid::one(
            "unit_id",
            "Chọn tổ dân phố, thôn",
        ))
    })?;
    let household = HouseholdInput {
        code: b.code.clone(),
        head_name: b.head_name.clone(),
        address: b.address,
        group: String::new(),
        area: b.area,
    };
    let head = MemberInput {
        household: b.code,
        full_name: b.head_name,
        relation: Relation::Head.as_str().into(),
        birth_year: year_text(b.head_birth_year),
        sex: b.head_sex,
        citizen_id: b.head_citizen_id,
    };
    let h = state
        .store
        .create_household(
            &user.actor(),
            &user.scope(),
            unit,
            &household,
            &head,
            crate::page::today(),
        )
        .await?;
    Ok((
        axum::http::StatusCode::CREATED,
        get(State(state), signed, Path(h.id)).await?,
    ))
}

/// A member to add.
#[derive(Deserialize, ToSchema)]
pub struct NewMember {
    pub full_name: String,
    /// The relation to the head (vo, chong, con, …), as the form's list.
    pub relation: String,
    #[serde(default)]
    pub birth_year: Option<i32>,
    /// nam | nu
    #[serde(default)]
    pub sex: String,
    #[serde(default)]
    pub citizen_id: String,
}

/// Adds a member to a household.
#[utoipa::path(post, path = "/api/v1/households/{id}/members", operation_id = "post_household_member", tag = "households", request_body = NewMember,
    params(("id" = Uuid, Path, description = "Mã hộ (id)")),
    responses((status = 200, description = "Đã thêm", body = HouseholdDetail)))]
pub async fn add_member(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    crate::json::ApiJson(b): crate::json::ApiJson<NewMember>,
) -> ApiResult<HouseholdDetail> {
    let user = signed.user();
    let input = xaphuong_core::households::household::MemberInput {
        household: String::new(),
        full_name: b.full_name,
        relation: b.relation,
        birth_year: year_text(b.birth_year),
        sex: b.sex,
        citizen_id: b.citizen_id,
    };
    state
        .store
        .add_member(
            &user.actor(),
            &user.scope(),
            id,
            &input,
            crate::page::today(),
        )
        .await?;
    get(State(state), signed, Path(id)).await
}

/// A move to another group of the scope, or out of it.
#[derive(Deserialize, ToSchema)]
pub struct MoveBody {
    /// The group moved to; absent for a move out.
    pub to: Option<Uuid>,
    /// YYYY-MM-DD
    pub on: String,
    #[serde(default)]
    pub note: String,
}

/// Moves a household, keeping its history.
#[utoipa::path(post, path = "/api/v1/households/{id}/move", operation_id = "post_household_move", tag = "households", request_body = MoveBody,
    params(("id" = Uuid, Path, description = "Mã hộ (id)")),
    responses((status = 200, description = "Đã chuyển", body = HouseholdDetail)))]
pub async fn move_household(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    crate::json::ApiJson(b): crate::json::ApiJson<MoveBody>,
) -> ApiResult<HouseholdDetail> {
    let user = signed.user();
    let on = b.on.trim().parse::<jiff::civil::Date>().map_err(|_| {
        AppError::Invalid(xaphuong_core::Invalid::one(
            "on",
            "Ngày chuyển không hợp lệ",
        ))
    })?;
    state
        .store
        .move_household(&user.actor(), &user.scope(), id, b.to, on, &b.note)
        .await?;
    get(State(state), signed, Path(id)).await
}

/// A year's poverty review of a household.
#[derive(Deserialize, ToSchema)]
pub struct PovertyBody {
    pub year: i32,
    /// urban | rural; the household's own when left out.
    #[serde(default)]
    pub area: String,
    /// Income per person per month, in đồng.
    pub income: i64,
    /// The basic-service deprivations found (their numbers or names).
    #[serde(default)]
    pub deprivations: Vec<String>,
    /// The household's `version` as read.
    pub version: i64,
}

/// Records (or replaces) a household's poverty review of a year, classed
/// by that year's standard.
#[utoipa::path(post, path = "/api/v1/households/{id}/poverty", operation_id = "post_household_poverty", tag = "households", request_body = PovertyBody,
    params(("id" = Uuid, Path, description = "Mã hộ (id)")),
    responses((status = 200, description = "Đã ghi", body = HouseholdDetail), (status = 409, description = "Hộ vừa được người khác cập nhật", body = ErrorBody)))]
pub async fn record_poverty(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    crate::json::ApiJson(b): crate::json::ApiJson<PovertyBody>,
) -> ApiResult<HouseholdDetail> {
    let user = signed.user();
    let input = xaphuong_core::households::poverty::ReviewInput {
        year: b.year.to_string(),
        area: b.area,
        income: b.income.to_string(),
        deprivations: b.deprivations.join(";"),
    };
    state
        .store
        .record_poverty_review(&user.actor(), &user.scope(), id, &input, Some(b.version))
        .await?;
    get(State(state), signed, Path(id)).await
}

/// A year's cultural-family assessment (NĐ 86/2023).
#[derive(Deserialize, ToSchema)]
pub struct CultureBody {
    pub year: i32,
    pub law: bool,
    pub emulation: bool,
    pub family: bool,
    /// Exclusions found (codes, labels or key words).
    #[serde(default)]
    pub exclusions: Vec<String>,
    /// YYYY-MM-DD, when done.
    #[serde(default)]
    pub meeting_date: String,
    #[serde(default)]
    pub posting_from: String,
    #[serde(default)]
    pub posting_to: String,
    #[serde(default)]
    pub decision_date: String,
    /// The household's `version` as read.
    pub version: i64,
}

/// Records (or replaces) a household's cultural-family review of a year.
#[utoipa::path(post, path = "/api/v1/households/{id}/culture", operation_id = "post_household_culture", tag = "households", request_body = CultureBody,
    params(("id" = Uuid, Path, description = "Mã hộ (id)")),
    responses((status = 200, description = "Đã ghi", body = HouseholdDetail), (status = 409, description = "Hộ vừa được người khác cập nhật", body = ErrorBody)))]
pub async fn record_culture(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    crate::json::ApiJson(b): crate::json::ApiJson<CultureBody>,
) -> ApiResult<HouseholdDetail> {
    let user = signed.user();
    let met = |m: bool| {
        if m {
            "Đạt".to_owned()
        } else {
            "Không đạt".to_owned()
        }
    };
    let input = xaphuong_core::households::culture::CultureInput {
        year: b.year.to_string(),
        law: met(b.law),
        emulation: met(b.emulation),
        family: met(b.family),
        exclusions: b.exclusions.join(";"),
        meeting_date: b.meeting_date,
        posting_from: b.posting_from,
        posting_to: b.posting_to,
        decision_date: b.decision_date,
    };
    state
        .store
        .record_culture_review(&user.actor(), &user.scope(), id, &input, Some(b.version))
        .await?;
    get(State(state), signed, Path(id)).await
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ReviewYearQuery {
    /// The commune (default: the caller's own, or the only one in reach).
    pub unit: Option<String>,
    /// The year reviewed (last year by default).
    pub year: Option<String>,
}

/// A step of the yearly poverty review and the day it was done.
#[derive(Serialize, ToSchema)]
pub struct ReviewStepView {
    /// The step's code, as `PUT …/reviews/steps` takes it.
    pub step: String,
    pub label: String,
    /// YYYY-MM-DD
    pub on: String,
    /// The document of the step (notice, minutes, decision).
    pub document: String,
}

/// How many households moved from one class to another since last year.
#[derive(Serialize, ToSchema)]
pub struct TransitionView {
    pub transition: String,
    pub label: String,
    pub count: i64,
}

/// A commune's review of a year: the steps done, and the households that
/// left, entered or stayed on the lists.
#[derive(Serialize, ToSchema)]
pub struct ReviewYearView {
    /// The commune; absent for a caller whose reach is a group.
    pub unit_id: Option<Uuid>,
    pub year: i16,
    pub steps: Vec<ReviewStepView>,
    pub transitions: Vec<TransitionView>,
}

async fn review_year_of(
    state: &AppState,
    signed: &Signed,
    unit: &Option<String>,
    year: i16,
) -> Result<ReviewYearView, AppError> {
    let (commune, _) = review_commune(state, signed, unit).await?;
    // As on the page: without a commune (a group head's reach is a group),
    // the list changes of the caller's reach and no steps; a commune asked
    // for and out of reach is refused.
    let asked = unit.as_deref().is_some_and(|u| !u.trim().is_empty());
    if commune.is_none() && asked {
        return Err(xaphuong_core::Invalid::one(
            "unit",
            "Xã, phường không tồn tại hoặc ngoài phạm vi quản lý",
        )
        .into());
    }
    let scope = match &commune {
        Some(c) => xaphuong_core::access::Scope::Subtree(c.path.clone()),
        None => signed.user().scope(),
    };
    let steps = match &commune {
        Some(c) => state.store.review_steps(&scope, c.id, year).await?,
        None => Vec::new(),
    };
    let transitions = state.store.poverty_transitions(&scope, year).await?;
    Ok(ReviewYearView {
        unit_id: commune.map(|c| c.id),
        year,
        steps: steps
            .into_iter()
            .map(|(s, on, document)| ReviewStepView {
                step: s.as_str().into(),
                label: s.label().into(),
                on: on.to_string(),
                document,
            })
            .collect(),
        transitions: transitions
            .into_iter()
            .map(|(t, count)| TransitionView {
                transition: t.as_str().into(),
                label: t.label().into(),
                count,
            })
            .collect(),
    })
}

/// A commune's yearly review: its steps and the list changes.
#[utoipa::path(get, path = "/api/v1/households/reviews", operation_id = "get_household_reviews", tag = "households", params(ReviewYearQuery),
    responses((status = 200, description = "Thành công", body = ReviewYearView), (status = 422, description = "Chưa chọn xã, phường hoặc năm không hợp lệ", body = ErrorBody)))]
pub async fn reviews(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ReviewYearQuery>,
) -> ApiResult<ReviewYearView> {
    let year = review_year(&q.year)?;
    Ok(Json(review_year_of(&state, &signed, &q.unit, year).await?))
}

/// The day a step of a commune's review was done.
#[derive(Deserialize, ToSchema)]
pub struct ReviewStepBody {
    pub unit: Uuid,
    pub year: i16,
    /// The step's code (see `GET …/reviews`).
    pub step: String,
    /// YYYY-MM-DD
    pub on: String,
    #[serde(default)]
    pub document: String,
}

/// Records (or moves) the day of a step of a commune's yearly review.
#[utoipa::path(put, path = "/api/v1/households/reviews/steps", operation_id = "put_household_review_step", tag = "households", request_body = ReviewStepBody,
    responses((status = 200, description = "Đã ghi", body = ReviewYearView), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường", body = ErrorBody)))]
pub async fn set_step(
    State(state): State<AppState>,
    signed: Signed,
    crate::json::ApiJson(b): crate::json::ApiJson<ReviewStepBody>,
) -> ApiResult<ReviewYearView> {
    set_review_step(
        &state,
        &signed,
        Some(b.unit),
        Some(b.year),
        &b.step,
        &b.on,
        &b.document,
    )
    .await?;
    let unit = Some(b.unit.to_string());
    Ok(Json(review_year_of(&state, &signed, &unit, b.year).await?))
}

/// The sổ hộ as an Excel file, one member per row in the columns the
/// import reads; personal data as the caller's role may see it.
#[utoipa::path(get, path = "/api/v1/households/export", operation_id = "get_households_export", tag = "households", params(ListQuery),
    responses((status = 200, description = "Tệp Excel", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>)))]
pub async fn export(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Result<axum::response::Response, AppError> {
    register_file(&state, &signed, &q).await
}
