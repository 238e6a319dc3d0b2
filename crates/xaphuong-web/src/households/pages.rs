//! Households and their yearly reviews: the list per group (names masked
//! for roles that need not see them), a household's page with its members,
//! moves and reviews, and the year's review page with the rates the
//! resolution report counts.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::{Permission, Scope};
use xaphuong_core::households::culture::CultureInput;
use xaphuong_core::households::household::{HouseholdInput, MemberInput, NameView, Relation, Sex};
use xaphuong_core::households::poverty::{Class, ReviewInput, ReviewStep, Transition};
use xaphuong_core::indicators::Quantity;
use xaphuong_store::households::{CultureReview, HouseholdCounts, Move, PovertyReview};
use xaphuong_store::units::Unit;

use crate::AppState;
use crate::auth::Signed;
use crate::error::{AppError, field_problems};
use crate::forms::WithVersion;
use crate::page::{Keyset, Layout, today};
use crate::places::places;

use super::{
    HouseholdLine, ListQuery, MemberLine, hundredths, members_of, narrowed, register_file,
    review_commune, review_year, set_review_step, view_of,
};

pub const CLASSES: &[Class] = Class::ALL;

fn may_manage(signed: &Signed) -> bool {
    signed.user().role.allows(Permission::ManageHouseholds)
}

/// A count as the page prints it: "1.500".
pub fn count(n: impl std::borrow::Borrow<i64>) -> String {
    Quantity::whole(*n.borrow()).to_string()
}

/// n ÷ d in %, two decimals, as the page prints it ("0,93%").
pub fn rate(n: impl std::borrow::Borrow<i64>, d: impl std::borrow::Borrow<i64>) -> String {
    hundredths(*n.borrow(), *d.borrow())
        .and_then(|h| Quantity::new(h, 2))
        .map_or("—".into(), |q| format!("{q}%"))
}

#[derive(Template, WebTemplate)]
#[template(path = "households/list.html")]
pub struct ListPage {
    l: Layout,
    q: ListQuery,
    rows: Vec<HouseholdLine>,
    pager: Keyset,
    places: Vec<Unit>,
    counts: Option<(i16, HouseholdCounts)>,
    can_manage: bool,
    masked: bool,
    filter_label: String,
}

pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    let scope = narrowed(&state, &signed, &q.unit).await?;
    let (f, year, recognised) = q.filter(&signed)?;
    let class = f.class;
    let page = state.store.households(&scope, &f).await?;
    let view = view_of(&signed);
    let pager = Keyset::new(
        &page,
        f.after,
        &[
            ("q", q.q.clone()),
            ("year", q.year.clone()),
            ("class", q.class.clone()),
            ("poor_or_near", q.poor_or_near.clone()),
            ("culture", q.culture.clone()),
            ("unit", q.unit.clone()),
            ("moved", q.moved.clone()),
        ],
    );
    let counts = match year {
        Some(y) => Some((y, state.store.household_counts(&scope, y).await?)),
        None => None,
    };
    let filter_label = match (year, class, f.poor_or_near, recognised) {
        (Some(y), Some(c), ..) => format!("{} năm {y}", c.label()),
        (Some(y), None, true, _) => format!("Hộ nghèo và cận nghèo năm {y}"),
        (Some(y), None, false, Some(true)) => format!("Hộ đạt Gia đình văn hóa năm {y}"),
        (Some(y), None, false, Some(false)) => format!("Hộ chưa đạt Gia đình văn hóa năm {y}"),
        (Some(y), ..) => format!("Hộ trên địa bàn ngày 31/12/{y}"),
        _ => String::new(),
    };
    Ok(ListPage {
        // The former wards are offered beside the groups of the unit filter.
        l: {
            let mut l = Layout::new(&signed, "Hộ gia đình", "/households")
                .with_formers(&crate::places::list_scope(&state, &signed, &None).await?);
            l.former = q.unit.clone().unwrap_or_default();
            l
        },
        rows: page
            .items
            .into_iter()
            .map(|h| HouseholdLine::of(h, &view))
            .collect(),
        pager,
        places: places(
            &state,
            &signed,
            q.unit
                .as_deref()
                .and_then(|u| Uuid::try_parse(u.trim()).ok()),
        )
        .await?,
        counts,
        can_manage: may_manage(&signed),
        masked: view.names == NameView::Masked,
        filter_label,
        q,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "households/show.html")]
pub struct ShowPage {
    l: Layout,
    h: HouseholdLine,
    members: Vec<MemberLine>,
    moves: Vec<Move>,
    /// `None` for a role that does not see poverty reviews.
    poverty: Option<Vec<PovertyReview>>,
    culture: Vec<CultureReview>,
    groups: Vec<Unit>,
    can_manage: bool,
    errors: Invalid,
    relations: Vec<(&'static str, &'static str)>,
    year: i16,
}

async fn show_page(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
    errors: Invalid,
) -> Result<ShowPage, AppError> {
    let scope = signed.user().scope();
    let h = state.store.household(&scope, id).await?;
    let view = view_of(signed);
    let members = members_of(state, signed, id).await?;
    // Its commune's groups first, then any other the officer keeps.
    let mut groups: Vec<Unit> = places(state, signed, Some(h.commune_id))
        .await?
        .into_iter()
        .filter(|u| u.level == xaphuong_core::units::Level::Group)
        .collect();
    groups.sort_by_key(|u| u.parent_id != Some(h.commune_id));
    Ok(ShowPage {
        l: Layout::new(signed, format!("Hộ {}", h.code), "/households"),
        moves: state.store.household_moves(&scope, id).await?,
        // Income and deprivations only for the roles that review them.
        poverty: if view.poverty {
            Some(state.store.poverty_reviews(&scope, id).await?)
        } else {
            None
        },
        culture: state.store.culture_reviews(&scope, id).await?,
        h: HouseholdLine::of(h, &view),
        members,
        groups,
        can_manage: may_manage(signed),
        errors,
        relations: Relation::ALL
            .iter()
            .filter(|r| **r != Relation::Head)
            .map(|r| (r.as_str(), r.label()))
            .collect(),
        year: today().year(),
    })
}

pub async fn show(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<ShowPage, AppError> {
    show_page(&state, &signed, id, Invalid::default()).await
}

/// After a change: back to the household, or its page with the problems.
async fn after(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
    result: Result<(), xaphuong_store::StoreError>,
) -> Result<Response, AppError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/households/{id}")).into_response()),
        Err(e) => {
            let errors = field_problems(e)?;
            Ok((
                crate::error::form_status(&errors),
                show_page(state, signed, id, errors).await?,
            )
                .into_response())
        }
    }
}

pub async fn add_member(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(input): Form<MemberInput>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let r = state
        .store
        .add_member(&user.actor(), &user.scope(), id, &input, today())
        .await
        .map(|_| ());
    after(&state, &signed, id, r).await
}

#[derive(Deserialize, Default)]
pub struct MoveForm {
    /// A group's id, or "out" for leaving the unit.
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub on: String,
    #[serde(default)]
    pub note: String,
}

pub async fn move_household(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(f): Form<MoveForm>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let on =
        f.on.trim()
            .parse::<jiff::civil::Date>()
            .map_err(|_| Invalid::one("on", "Ngày chuyển không hợp lệ"));
    let to = match f.to.trim() {
        "out" => Ok(None),
        s => Uuid::try_parse(s)
            .map(Some)
            .map_err(|_| Invalid::one("to", "Chọn nơi chuyển đến")),
    };
    let r = match (to, on) {
        (Ok(to), Ok(on)) => state
            .store
            .move_household(&user.actor(), &user.scope(), id, to, on, &f.note)
            .await
            .map(|_| ()),
        (Err(e), _) | (_, Err(e)) => Err(e.into()),
    };
    after(&state, &signed, id, r).await
}

pub async fn record_poverty(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(f): Form<WithVersion<ReviewInput>>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let r = state
        .store
        .record_poverty_review(&user.actor(), &user.scope(), id, &f.input, f.seen())
        .await
        .map(|_| ());
    after(&state, &signed, id, r).await
}

pub async fn record_culture(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(f): Form<WithVersion<CultureInput>>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let r = state
        .store
        .record_culture_review(&user.actor(), &user.scope(), id, &f.input, f.seen())
        .await
        .map(|_| ());
    after(&state, &signed, id, r).await
}

#[derive(Deserialize, Default, Clone)]
pub struct NewForm {
    #[serde(default)]
    pub unit_id: String,
    #[serde(flatten)]
    pub household: HouseholdInput,
    #[serde(default)]
    pub head_birth_year: String,
    #[serde(default)]
    pub head_sex: String,
    #[serde(default)]
    pub head_citizen_id: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "households/new.html")]
pub struct NewPage {
    l: Layout,
    /// A group head does not pick the code: the next of the group's
    /// series is given.
    assigns_code: bool,
    places: Vec<Unit>,
    f: NewForm,
    errors: Invalid,
    sexes: Vec<(&'static str, &'static str)>,
}

async fn new_page(
    state: &AppState,
    signed: &Signed,
    f: NewForm,
    errors: Invalid,
) -> Result<NewPage, AppError> {
    let places = places(state, signed, Uuid::try_parse(f.unit_id.trim()).ok()).await?;
    Ok(NewPage {
        l: Layout::new(signed, "Thêm hộ gia đình", "/households"),
        // The caller reaches no whole commune, as the store sees it.
        assigns_code: !places
            .iter()
            .any(|u| u.level == xaphuong_core::units::Level::Commune),
        places,
        f,
        errors,
        sexes: Sex::ALL.iter().map(|s| (s.as_str(), s.label())).collect(),
    })
}

pub async fn new_form(State(state): State<AppState>, signed: Signed) -> Result<NewPage, AppError> {
    new_page(&state, &signed, NewForm::default(), Invalid::default()).await
}

pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<NewForm>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let unit = Uuid::try_parse(f.unit_id.trim())
        .ok()
        .or(user.unit_id)
        .ok_or_else(|| Invalid::one("unit_id", "Chọn tổ dân phố, thôn"))?;
    let head = MemberInput {
        household: f.household.code.clone(),
        full_name: f.household.head_name.clone(),
        relation: Relation::Head.as_str().into(),
        birth_year: f.head_birth_year.clone(),
        sex: f.head_sex.clone(),
        citizen_id: f.head_citizen_id.clone(),
    };
    match state
        .store
        .create_household(
            &user.actor(),
            &user.scope(),
            unit,
            &f.household,
            &head,
            today(),
        )
        .await
    {
        Ok(h) => Ok(Redirect::to(&format!("/households/{}", h.id)).into_response()),
        Err(e) => {
            let errors = field_problems(e)?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                new_page(&state, &signed, f, errors).await?,
            )
                .into_response())
        }
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct ReviewQuery {
    pub unit: Option<String>,
    pub year: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "households/reviews.html")]
pub struct ReviewsPage {
    l: Layout,
    year: i16,
    unit: Option<Unit>,
    communes: Vec<Unit>,
    counts: HouseholdCounts,
    transitions: Vec<(Transition, i64)>,
    steps: Vec<(ReviewStep, String, String)>,
    all_steps: Vec<(&'static str, &'static str)>,
    can_manage: bool,
    errors: Invalid,
    unit_query: String,
}

async fn reviews_page(
    state: &AppState,
    signed: &Signed,
    q: &ReviewQuery,
    errors: Invalid,
) -> Result<ReviewsPage, AppError> {
    let year = review_year(&q.year)?;
    let (unit, communes) = review_commune(state, signed, &q.unit).await?;
    let scope = match &unit {
        Some(u) => Scope::Subtree(u.path.clone()),
        None => signed.user().scope(),
    };
    let steps = match &unit {
        Some(u) => state
            .store
            .review_steps(&scope, u.id, year)
            .await?
            .into_iter()
            .map(|(s, d, doc)| (s, d.strftime("%d/%m/%Y").to_string(), doc))
            .collect(),
        None => Vec::new(),
    };
    Ok(ReviewsPage {
        l: Layout::new(
            signed,
            format!("Rà soát, bình xét năm {year}"),
            "/households",
        ),
        counts: state.store.household_counts(&scope, year).await?,
        transitions: state.store.poverty_transitions(&scope, year).await?,
        steps,
        all_steps: ReviewStep::ALL
            .iter()
            .map(|s| (s.as_str(), s.label()))
            .collect(),
        can_manage: may_manage(signed),
        unit_query: unit
            .as_ref()
            .map(|u| format!("&unit={}", u.id))
            .unwrap_or_default(),
        unit,
        communes,
        year,
        errors,
    })
}

pub async fn reviews(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ReviewQuery>,
) -> Result<ReviewsPage, AppError> {
    reviews_page(&state, &signed, &q, Invalid::default()).await
}

#[derive(Deserialize, Default)]
pub struct StepForm {
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub step: String,
    #[serde(default)]
    pub on: String,
    #[serde(default)]
    pub document: String,
}

pub async fn set_step(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<StepForm>,
) -> Result<Response, AppError> {
    let result = set_review_step(
        &state,
        &signed,
        Uuid::try_parse(f.unit.trim()).ok(),
        f.year.trim().parse::<i16>().ok(),
        &f.step,
        &f.on,
        &f.document,
    )
    .await;
    let q = ReviewQuery {
        unit: Some(f.unit.clone()),
        year: Some(f.year.clone()),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!(
            "/households/reviews?year={}&unit={}",
            f.year.trim(),
            f.unit.trim()
        ))
        .into_response()),
        Err(AppError::Invalid(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            reviews_page(&state, &signed, &q, errors).await?,
        )
            .into_response()),
        Err(e) => Err(e),
    }
}

/// The sổ hộ as an Excel file in the columns the import reads.
pub async fn export(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    register_file(&state, &signed, &q).await
}
