//! The papers a dossier prints: receipt, requests, refusal, apology (Decision 118/2025 forms).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::Response;
use jiff::civil::DateTime;
use uuid::Uuid;
use xaphuong_report::paper::{Line, Paper};
use xaphuong_store::onestop::{Dossier, DossierEvent};

use super::now;
use crate::AppState;
use crate::auth::Signed;
use crate::error::AppError;

/// The papers of forms 01–04, by the name in their address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaperKind {
    Receipt,
    Supplement,
    Refusal,
    Apology,
}

impl PaperKind {
    pub const ALL: [PaperKind; 4] = [
        PaperKind::Receipt,
        PaperKind::Supplement,
        PaperKind::Refusal,
        PaperKind::Apology,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            PaperKind::Receipt => "tiep-nhan",
            PaperKind::Supplement => "bo-sung",
            PaperKind::Refusal => "tu-choi",
            PaperKind::Apology => "xin-loi",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PaperKind::Receipt => "Giấy tiếp nhận và hẹn trả kết quả",
            PaperKind::Supplement => "Phiếu yêu cầu bổ sung hồ sơ",
            PaperKind::Refusal => "Phiếu từ chối tiếp nhận",
            PaperKind::Apology => "Phiếu xin lỗi và hẹn lại",
        }
    }

    /// The timeline's steps that give rise to the paper.
    fn actions(self) -> &'static [&'static str] {
        match self {
            PaperKind::Receipt => &["accept"],
            PaperKind::Supplement => &["intake_supplement", "request_supplement"],
            PaperKind::Refusal => &["refuse"],
            PaperKind::Apology => &["apologise"],
        }
    }

    fn parse(s: &str) -> Result<Self, AppError> {
        Self::ALL
            .into_iter()
            .find(|k| k.slug() == s)
            .ok_or_else(|| AppError::NotFound("Không có mẫu phiếu này".into()))
    }
}

/// The papers a dossier has, from its timeline.
pub fn papers_of(events: &[DossierEvent]) -> Vec<PaperKind> {
    PaperKind::ALL
        .into_iter()
        .filter(|k| {
            events
                .iter()
                .any(|e| k.actions().contains(&e.action.as_str()))
        })
        .collect()
}

/// Where the public lookup lives, for the QR code: only the configured
/// public address. A `Host` header is the client's to choose, and a QR
/// code printed from it could send citizens elsewhere.
pub(crate) fn public_base(state: &AppState) -> Option<String> {
    state
        .config
        .public_url
        .as_ref()
        .map(|u| u.trim_end_matches('/').to_owned())
}

/// The public lookup of a dossier with its key, as its QR code opens it.
pub(crate) fn lookup_url(base: &str, d: &Dossier) -> String {
    format!("{base}/tra-cuu?ma={}&khoa={}", d.code, d.lookup_key)
}

pub(crate) async fn paper_of(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
    kind: &str,
) -> Result<(Paper, String), AppError> {
    use xaphuong_report::paper;
    let kind = PaperKind::parse(kind)?;
    let user = signed.user();
    let d = state.store.dossier(&user.scope(), id).await?;
    let procedure = state.store.procedure(d.procedure_id).await?;
    let unit = state.store.unit(&user.scope(), d.commune_id).await?;
    let events = state.store.dossier_events(d.id).await?;
    let Some(pos) = events
        .iter()
        .rposition(|e| kind.actions().contains(&e.action.as_str()))
    else {
        return Err(AppError::NotFound(format!(
            "Hồ sơ {} chưa có «{}»",
            d.code,
            kind.label()
        )));
    };
    let event = &events[pos];
    let when = |t: &Option<DateTime>| {
        t.as_ref()
            .map(|t| t.strftime("%H giờ %M phút, ngày %d/%m/%Y").to_string())
            .unwrap_or_default()
    };
    let at = |s: &Option<String>| when(&s.as_deref().and_then(|s| s.parse().ok()));
    let facts = paper::DossierFacts {
        unit_name: unit.name.clone(),
        code: d.code.clone(),
        applicant: d.applicant.clone(),
        address: d.address.clone(),
        phone: d.phone.clone(),
        email: d.email.clone(),
        procedure: procedure.name.clone(),
        papers: procedure.papers.clone(),
        time_text: procedure.time_text.clone(),
        submitted_at: when(&Some(d.submitted_at)),
        received_at: when(&d.received_at),
        due_at: when(&d.due_at),
        lookup: public_base(state).map(|base| lookup_url(&base, &d)),
        lookup_key: xaphuong_core::onestop::code::show_lookup_key(&d.lookup_key),
    };
    let today = event
        .at
        .parse::<DateTime>()
        .map(|t| t.date())
        .unwrap_or_else(|_| now().date());
    let p = match kind {
        PaperKind::Receipt => paper::receipt(
            &facts,
            today,
            &paper::return_place(d.return_channel, &unit.name, &d.address),
        ),
        PaperKind::Supplement => paper::supplement_request(&facts, today, &event.note),
        PaperKind::Refusal => paper::refusal(&facts, today, &event.note),
        PaperKind::Apology => {
            // The due date the apology replaced: the last one set before it.
            let old = events[..pos].iter().rev().find_map(|e| e.due_at.clone());
            paper::apology(&facts, today, &event.note, &at(&old), &at(&event.due_at))
        }
    };
    Ok((p, format!("{}-{}", kind.slug(), d.code)))
}

#[derive(Template, WebTemplate)]
#[template(path = "onestop/paper.html")]
pub struct PaperPage {
    p: Paper,
    qr: String,
    docx: String,
}

/// A paper of forms 01–04, printable on A5.
pub async fn paper(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, kind)): Path<(Uuid, String)>,
) -> Result<PaperPage, AppError> {
    let (p, _) = paper_of(&state, &signed, id, &kind).await?;
    let qr = match &p.lookup {
        Some(url) => xaphuong_report::paper::qr_svg(url, 110).map_err(AppError::internal)?,
        None => String::new(),
    };
    Ok(PaperPage {
        p,
        qr,
        docx: format!("/dossiers/{id}/phieu/{kind}/docx"),
    })
}

/// The same paper as a Word document.
pub async fn paper_docx(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, kind)): Path<(Uuid, String)>,
) -> Result<Response, AppError> {
    docx_of(&state, &signed, id, &kind).await
}

/// A paper of the dossier as a Word document, for the page and the API.
pub(crate) async fn docx_of(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
    kind: &str,
) -> Result<Response, AppError> {
    let (p, name) = paper_of(state, signed, id, kind).await?;
    let bytes = xaphuong_report::paper::docx(&p).map_err(AppError::internal)?;
    Ok(crate::page::download(
        &format!("{name}.docx"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        bytes,
    ))
}
