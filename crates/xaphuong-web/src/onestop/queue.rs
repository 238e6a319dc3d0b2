//! The work queues: what waits for whom, by status, procedure and due date.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use jiff::civil::DateTime;
use serde::Deserialize;
use xaphuong_core::access::may_take;
use xaphuong_core::onestop::lifecycle::{Status, Step};
use xaphuong_store::onestop::{Dossier, DossierFilter};

use super::now;
use crate::AppState;
use crate::auth::Signed;
use crate::error::AppError;
use crate::page::{Keyset, Layout, non_empty, parse_after, parse_param};

#[derive(Deserialize, Default, Clone)]
pub struct QueueQuery {
    /// mine | soon | overdue | all
    pub view: Option<String>,
    pub q: Option<String>,
    pub status: Option<String>,
    /// receive | specialist | leader | return | transfer
    pub step: Option<String>,
    /// The page after this dossier.
    pub after: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "onestop/queue.html")]
pub struct QueuePage {
    l: Layout,
    q: QueueQuery,
    view: String,
    rows: Vec<Dossier>,
    pager: Keyset,
    now: DateTime,
    can_receive: bool,
    statuses: Vec<(&'static str, &'static str)>,
    can_configure: bool,
}

impl QueuePage {
    fn overdue(&self, d: &Dossier) -> bool {
        d.due_at.is_some_and(|due| due < self.now) && !d.status.is_finished()
    }
}

impl QueueQuery {
    /// The store's filter for the queue asked for: the page and the API
    /// read the same one.
    pub(crate) async fn filter(
        &self,
        state: &AppState,
        signed: &Signed,
        now: DateTime,
    ) -> Result<DossierFilter, AppError> {
        let user = signed.user();
        let q = self;
        let mut f = DossierFilter {
            q: non_empty(&q.q),
            status: parse_param(
                &q.status,
                "status",
                "Trạng thái không hợp lệ",
                Status::parse,
            )?,
            step: parse_param(&q.step, "step", "Bước xử lý không hợp lệ", Step::parse)?,
            after: parse_after(&q.after)?,
            ..Default::default()
        };
        match q.view.as_deref().unwrap_or("all") {
            "mine" => f.assignee_id = Some(user.id),
            // Due within one working day, on the calendar of the officer's unit.
            "soon" => {
                let unit = match user.unit_id {
                    Some(id) => Some(state.store.unit(&user.scope(), id).await?),
                    None => None,
                };
                let cal = state
                    .store
                    .work_calendar(unit.as_ref(), now.year()..=now.year() + 1)
                    .await?;
                f.due_by = cal.add_working_days(now, 1).ok();
            }
            "overdue" => f.due_by = Some(now),
            "all" => {}
            _ => {
                return Err(AppError::Invalid(xaphuong_core::Invalid::one(
                    "view",
                    "Hàng đợi không hợp lệ (mine, soon, overdue, all)",
                )));
            }
        }
        Ok(f)
    }
}

pub async fn queue(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<QueueQuery>,
) -> Result<QueuePage, AppError> {
    let user = signed.user();
    let now = now();
    let view = q.view.clone().unwrap_or_else(|| "all".into());
    let f = q.filter(&state, &signed, now).await?;
    let page = state.store.dossiers(&user.scope(), &f).await?;
    let pager = Keyset::new(
        &page,
        f.after,
        &[
            ("view", Some(view.clone())),
            ("q", q.q.clone()),
            ("status", q.status.clone()),
            ("step", q.step.clone()),
        ],
    );
    Ok(QueuePage {
        l: Layout::new(&signed, "Hồ sơ một cửa", "/dossiers"),
        can_receive: may_take(user.role, "accept"),
        can_configure: user
            .role
            .allows(xaphuong_core::access::Permission::ManageProcedures),
        statuses: Status::ALL
            .iter()
            .map(|s| (s.as_str(), s.label()))
            .collect(),
        rows: page.items,
        pager,
        now,
        view,
        q,
    })
}
