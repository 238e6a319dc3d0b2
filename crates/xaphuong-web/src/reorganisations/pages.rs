use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use xaphuong_core::Invalid;
use xaphuong_core::access::Permission;
use xaphuong_core::units::{Kind, Level};
use xaphuong_store::reorganisations::{MergePlan, Reorganisation};
use xaphuong_store::units::{Unit, UnitFilter};

use super::{FORM_PARTS, MergeForm, SplitForm};
use crate::AppState;
use crate::auth::Signed;
use crate::error::{AppError, field_problems};
use crate::page::{Layout, parse_id};

#[derive(Template, WebTemplate)]
#[template(path = "reorganisations/list.html")]
pub struct ListPage {
    l: Layout,
    items: Vec<Reorganisation>,
    can_manage: bool,
}

pub async fn list(State(state): State<AppState>, signed: Signed) -> Result<ListPage, AppError> {
    let items = state.store.reorganisations(&signed.user().scope()).await?;
    Ok(ListPage {
        l: Layout::new(&signed, "Sắp xếp đơn vị hành chính", "/units"),
        items,
        can_manage: signed.user().role.allows(Permission::ManageUnits),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "reorganisations/merge.html")]
pub struct MergePage {
    l: Layout,
    /// The units above whose communes are offered, and the chosen one.
    within: Option<Unit>,
    uppers: Vec<Unit>,
    /// Units in force that may be merged.
    candidates: Vec<Unit>,
    kinds: Vec<(&'static str, &'static str)>,
    form: MergeForm,
    plan: Option<MergePlan>,
    errors: Invalid,
}

impl MergePage {
    fn chosen(&self, id: &uuid::Uuid) -> bool {
        let id = id.to_string();
        self.form.predecessors.iter().any(|p| p.trim() == id)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MergeQuery {
    /// A province or district: its communes are offered.
    within: Option<String>,
}

async fn page(
    state: &AppState,
    signed: &Signed,
    within: Option<uuid::Uuid>,
    form: MergeForm,
) -> Result<MergePage, AppError> {
    let scope = signed.user().scope();
    let in_force = |level, parent_id| UnitFilter {
        level: Some(level),
        parent_id,
        in_force: Some(true),
        per_page: Some(xaphuong_store::MAX_PER_PAGE),
        ..Default::default()
    };
    let mut uppers = Vec::new();
    for level in [Level::Province, Level::District] {
        uppers.extend(
            state
                .store
                .units(&scope, &in_force(level, None))
                .await?
                .items,
        );
    }
    let within = match within {
        Some(id) => Some(state.store.unit(&scope, id).await?),
        None => None,
    };
    let candidates = match &within {
        Some(w) => {
            state
                .store
                .units(&scope, &in_force(Level::Commune, Some(w.id)))
                .await?
                .items
        }
        None => Vec::new(),
    };
    Ok(MergePage {
        l: Layout::new(signed, "Nhập, sáp nhập đơn vị hành chính", "/units"),
        within,
        uppers,
        candidates,
        kinds: commune_kinds(),
        form,
        plan: None,
        errors: Invalid::default(),
    })
}

/// The kinds a new commune may be, as the forms offer them.
fn commune_kinds() -> Vec<(&'static str, &'static str)> {
    Kind::of_level(Level::Commune)
        .map(|k| (k.as_str(), k.label()))
        .collect()
}

pub async fn merge_form(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<MergeQuery>,
) -> Result<MergePage, AppError> {
    let within = parse_id(&q.within, "within")?;
    let form = MergeForm {
        effective_on: "2025-07-01".into(),
        ..Default::default()
    };
    page(&state, &signed, within, form).await
}

/// Previews the merge, or applies it when asked to and it checks.
pub async fn merge_submit(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<MergeQuery>,
    Form(f): Form<MergeForm>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let within = parse_id(&q.within, "within")?;
    let apply = f.action == "apply";
    let result = match f.input() {
        Err(e) => Err(xaphuong_store::StoreError::Invalid(e)),
        Ok(input) if apply => state
            .store
            .merge_units(&user.actor(), &user.scope(), &input)
            .await
            .map(|_| None),
        Ok(input) => state
            .store
            .merge_preview(&user.scope(), &input)
            .await
            .map(Some),
    };
    answer(result, page(&state, &signed, within, f)).await
}

/// A page that shows a reorganisation's plan or what is wrong with it.
trait PlanPage: IntoResponse {
    fn show(&mut self, plan: Option<MergePlan>, errors: Invalid);
}

impl PlanPage for MergePage {
    fn show(&mut self, plan: Option<MergePlan>, errors: Invalid) {
        (self.plan, self.errors) = (plan, errors);
    }
}

impl PlanPage for SplitPage {
    fn show(&mut self, plan: Option<MergePlan>, errors: Invalid) {
        (self.plan, self.errors) = (plan, errors);
    }
}

/// The answer to a reorganisation's form: the list once it is applied;
/// else its page, built by `page`, with the plan previewed or (422) the
/// problems found.
async fn answer<P: PlanPage>(
    result: xaphuong_store::Result<Option<MergePlan>>,
    page: impl std::future::Future<Output = Result<P, AppError>>,
) -> Result<Response, AppError> {
    match result {
        Ok(None) => Ok(Redirect::to("/reorganisations").into_response()),
        Ok(Some(plan)) => {
            let mut p = page.await?;
            p.show(Some(plan), Invalid::default());
            Ok(p.into_response())
        }
        Err(e) => {
            let errors = field_problems(e)?;
            let mut p = page.await?;
            p.show(None, errors);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "reorganisations/split.html")]
pub struct SplitPage {
    l: Layout,
    /// The communes in force that may be split or take a part.
    communes: Vec<Unit>,
    /// The commune chosen, and its groups in force.
    unit: Option<Unit>,
    groups: Vec<Unit>,
    parts: Vec<usize>,
    kinds: Vec<(&'static str, &'static str)>,
    form: SplitForm,
    plan: Option<MergePlan>,
    errors: Invalid,
}

impl SplitPage {
    /// The part a group goes to on the form: the first by default.
    fn part_of(&self, g: &uuid::Uuid) -> usize {
        self.form.part_of(g).unwrap_or(1)
    }

    fn value(&self, i: &usize, what: &str) -> &str {
        let (into, code, name, kind) = self.form.part(*i);
        match what {
            "into" => into,
            "code" => code,
            "name" => name,
            _ => kind,
        }
    }

    /// The message of a part's field (`parts[i].…`), for 1-based `i`.
    fn part_error(&self, i: &usize, field: &str) -> &str {
        self.errors.message(&format!("parts[{}].{field}", i - 1))
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SplitQuery {
    /// The commune split.
    unit: Option<String>,
}

async fn split_page(
    state: &AppState,
    signed: &Signed,
    unit: Option<uuid::Uuid>,
    form: SplitForm,
) -> Result<SplitPage, AppError> {
    let scope = signed.user().scope();
    let communes = state
        .store
        .units(
            &scope,
            &UnitFilter {
                level: Some(Level::Commune),
                in_force: Some(true),
                per_page: Some(xaphuong_store::MAX_PER_PAGE),
                ..Default::default()
            },
        )
        .await?
        .items;
    let unit = match unit {
        Some(id) => Some(state.store.unit(&scope, id).await?),
        None => None,
    };
    let groups = match &unit {
        Some(u) => state.store.groups_of(u).await?,
        None => Vec::new(),
    };
    Ok(SplitPage {
        l: Layout::new(signed, "Chia, tách đơn vị hành chính", "/units"),
        communes,
        unit,
        groups,
        parts: (1..=FORM_PARTS).collect(),
        kinds: commune_kinds(),
        form,
        plan: None,
        errors: Invalid::default(),
    })
}

pub async fn split_form(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<SplitQuery>,
) -> Result<SplitPage, AppError> {
    let unit = parse_id(&q.unit, "unit")?;
    let form = SplitForm {
        effective_on: "2025-07-01".into(),
        ..Default::default()
    };
    split_page(&state, &signed, unit, form).await
}

/// Previews the split, or applies it when asked to and it checks.
pub async fn split_submit(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<SplitQuery>,
    Form(f): Form<SplitForm>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let Some(unit) = parse_id(&q.unit, "unit")? else {
        return Err(AppError::Invalid(Invalid::one(
            "unit",
            "Chọn xã, phường được chia, tách",
        )));
    };
    let apply = f.action == "apply";
    let result = match f.input(unit) {
        Err(e) => Err(xaphuong_store::StoreError::Invalid(e)),
        Ok(input) if apply => state
            .store
            .split_unit(&user.actor(), &user.scope(), &input)
            .await
            .map(|_| None),
        Ok(input) => state
            .store
            .split_preview(&user.scope(), &input)
            .await
            .map(Some),
    };
    answer(result, split_page(&state, &signed, Some(unit), f)).await
}

#[derive(Template, WebTemplate)]
#[template(path = "reorganisations/convert.html")]
pub struct ConvertPage {
    l: Layout,
    basis: String,
    basis_date: String,
    effective_on: String,
    preview: Option<xaphuong_store::reorganisations::ConversionPreview>,
    applied: Option<usize>,
    errors: Invalid,
}

impl ConvertPage {
    fn new(signed: &Signed) -> Self {
        ConvertPage {
            l: Layout::new(signed, "Sắp xếp theo bảng chuyển đổi năm 2025", "/units"),
            basis: "202/2025/QH15".into(),
            basis_date: "2025-06-12".into(),
            effective_on: "2025-07-01".into(),
            preview: None,
            applied: None,
            errors: Invalid::default(),
        }
    }
}

pub async fn convert_form(signed: Signed) -> ConvertPage {
    ConvertPage::new(&signed)
}

/// Reads the table and previews it, or applies it when asked to.
pub async fn convert_submit(
    State(state): State<AppState>,
    signed: Signed,
    mut multipart: axum::extract::Multipart,
) -> Result<Response, AppError> {
    let mut page = ConvertPage::new(&signed);
    let mut bytes = None;
    let mut apply = false;
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        AppError::BadRequest(format!("Không đọc được tệp tải lên: {e}"))
    };
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        // The body as a whole is bounded by the router's limit.
        let value = field.bytes().await.map_err(unreadable)?;
        let text = || String::from_utf8_lossy(&value).trim().to_owned();
        match name.as_str() {
            "file" => bytes = Some(value.to_vec()),
            "basis" => page.basis = text(),
            "basis_date" => page.basis_date = text(),
            "effective_on" => page.effective_on = text(),
            "apply" => apply = !value.is_empty(),
            _ => {}
        }
    }
    let result = async {
        let bytes = bytes
            .filter(|b| !b.is_empty())
            .ok_or_else(|| Invalid::one("file", "Chưa chọn tệp"))?;
        let rows = xaphuong_report::conversion_csv::parse(&bytes)?;
        let user = signed.user();
        if apply {
            let basis = xaphuong_store::reorganisations::Basis {
                basis: page.basis.clone(),
                basis_date: page.basis_date.clone(),
                effective_on: page.effective_on.clone(),
            };
            let n = state
                .store
                .apply_conversion(&user.actor(), &user.scope(), &rows, &basis)
                .await?;
            Ok::<_, AppError>((None, Some(n)))
        } else {
            let p = state.store.conversion_preview(&user.scope(), &rows).await?;
            Ok((Some(p), None))
        }
    }
    .await;
    match result {
        Ok((preview, applied)) => {
            page.preview = preview;
            page.applied = applied;
            Ok(page.into_response())
        }
        Err(AppError::Invalid(errors) | AppError::Conflict(errors)) => {
            page.errors = errors;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}
