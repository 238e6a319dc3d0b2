//! What every page shares: the layout and its navigation, list paging,
//! parameters read from a query string, downloads.

use axum::http::header;
use xaphuong_core::access::Permission;
use xaphuong_report::import::Column;

use crate::auth::Signed;
use crate::error::AppError;

/// The navigation: link, label, and the permission that shows it.
const NAV: &[(&str, &str, Option<Permission>)] = &[
    ("/", "Trang chủ", None),
    ("/calendar", "Lịch", None),
    ("/dossiers", "Một cửa", Some(Permission::ViewDossiers)),
    (
        "/households",
        "Hộ gia đình",
        Some(Permission::ViewHouseholds),
    ),
    (
        "/violations",
        "Vi phạm trật tự xây dựng",
        Some(Permission::ViewViolations),
    ),
    (
        "/inspections",
        "Kiểm tra vỉa hè",
        Some(Permission::ViewRegisters),
    ),
    (
        "/handovers",
        "Bàn giao mặt bằng",
        Some(Permission::ViewRegisters),
    ),
    ("/works", "Công trình", Some(Permission::ViewRegisters)),
    (
        "/recruitment",
        "Tuyển quân",
        Some(Permission::ViewRegisters),
    ),
    ("/budget", "Thu ngân sách", Some(Permission::ViewRegisters)),
    (
        "/spending",
        "Chi ngân sách",
        Some(Permission::ViewRegisters),
    ),
    (
        "/activities",
        "Văn hóa, thể thao",
        Some(Permission::ViewRegisters),
    ),
    (
        "/businesses",
        "Hộ kinh doanh, thuế",
        Some(Permission::ViewRegisters),
    ),
    (
        "/cooperatives",
        "Hợp tác xã",
        Some(Permission::ViewRegisters),
    ),
    (
        "/receptions",
        "Tiếp công dân",
        Some(Permission::ViewRegisters),
    ),
    (
        "/problems",
        "Phản ánh hiện trường",
        Some(Permission::ViewRegisters),
    ),
    (
        "/resolutions",
        "Nghị quyết, báo cáo",
        Some(Permission::ViewReports),
    ),
    ("/units", "Đơn vị hành chính", Some(Permission::ViewUnits)),
    ("/users", "Tài khoản", Some(Permission::ViewUsers)),
    ("/audit", "Nhật ký thay đổi", Some(Permission::ViewAudit)),
    ("/webhooks", "Webhook", Some(Permission::ManageWebhooks)),
    ("/api/v1/docs/", "API", Some(Permission::ManageUsers)),
];

/// What every signed-in page shows around its content.
pub struct Layout {
    pub title: String,
    pub full_name: String,
    pub role_label: &'static str,
    pub unit_name: String,
    pub csrf: String,
    pub nav: Vec<NavItem>,
    /// The former units a register list may be narrowed to, and the chosen
    /// one (`former_filter.html`).
    pub formers: Vec<(String, String)>,
    pub former: String,
}

pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub active: bool,
}

impl Layout {
    pub fn new(signed: &Signed, title: impl Into<String>, section: &str) -> Self {
        let user = signed.user();
        let role = user.role;
        let nav = NAV
            .iter()
            .filter(|(_, _, p)| p.is_none_or(|p| role.allows(p)))
            .map(|&(href, label, _)| NavItem {
                href,
                label,
                active: href == section,
            })
            .collect();
        Layout {
            title: title.into(),
            full_name: user.full_name.clone(),
            role_label: role.label(),
            unit_name: user
                .unit_name
                .clone()
                .unwrap_or_else(|| "Toàn hệ thống".into()),
            csrf: signed.csrf().to_owned(),
            nav,
            formers: Vec::new(),
            former: String::new(),
        }
    }

    /// With the former-unit filter of a register's list.
    pub fn with_formers(mut self, ls: &crate::places::ListScope) -> Self {
        self.formers = ls.formers.clone();
        self.former = ls.former.clone();
        self
    }
}

/// The query string of a list's filters, for its links.
fn query_string(params: &[(&str, Option<String>)]) -> String {
    params
        .iter()
        .filter_map(|(k, v)| v.as_ref().filter(|v| !v.is_empty()).map(|v| (k, v)))
        .map(|(k, v)| {
            format!(
                "{k}={}",
                form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Navigation under a list read in key order: how many it holds (exact up
/// to a cap), back to the first page, on to the next.
pub struct Keyset {
    /// "1.500", or "hơn 10.000".
    pub count: String,
    /// The list's query string without `after`.
    pub base: String,
    pub next: Option<uuid::Uuid>,
    pub first: bool,
}

impl Keyset {
    pub fn new<T>(
        s: &xaphuong_store::Slice<T>,
        after: Option<uuid::Uuid>,
        params: &[(&str, Option<String>)],
    ) -> Self {
        use xaphuong_core::indicators::Quantity;
        use xaphuong_store::Count;
        Keyset {
            count: match s.count {
                Count::Exact(n) => Quantity::whole(n).to_string(),
                Count::MoreThan(n) => format!("hơn {}", Quantity::whole(n)),
            },
            base: query_string(params),
            next: s.next,
            first: after.is_none(),
        }
    }
}

/// The `after` cursor of a keyset list.
pub fn parse_after(s: &Option<String>) -> Result<Option<uuid::Uuid>, AppError> {
    parse_param(s, "after", "Trang không hợp lệ", |v| {
        uuid::Uuid::try_parse(v).ok()
    })
}

/// Page navigation under a list.
pub struct Pager {
    pub page: i64,
    pub pages: i64,
    pub total: i64,
    /// The list's query string without `page`, ready for `&page=N`.
    pub base: String,
}

impl Pager {
    pub fn new<T>(p: &xaphuong_store::Page<T>, params: &[(&str, Option<String>)]) -> Self {
        let base = query_string(params);
        Pager {
            page: p.page,
            pages: p.pages(),
            total: p.total,
            base,
        }
    }

    pub fn prev(&self) -> Option<i64> {
        (self.page > 1).then_some(self.page - 1)
    }

    pub fn next(&self) -> Option<i64> {
        (self.page < self.pages).then_some(self.page + 1)
    }
}

/// An optional parameter read by `parse`; blank counts as absent, a value
/// `parse` rejects is an error naming `field`.
pub fn parse_param<T>(
    s: &Option<String>,
    field: &str,
    message: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, AppError> {
    non_empty(s)
        .map(|v| {
            parse(&v).ok_or_else(|| AppError::from(xaphuong_core::Invalid::one(field, message)))
        })
        .transpose()
}

/// An optional register year (1990–2100).
pub fn parse_year(s: &Option<String>) -> Result<Option<i16>, AppError> {
    parse_param(s, "year", "Năm không hợp lệ", |v| {
        v.parse::<i16>().ok().filter(|y| (1990..=2100).contains(y))
    })
}

/// A budget year as asked (default: this year).
pub fn budget_year(year: &Option<String>) -> Result<i16, AppError> {
    Ok(parse_year(year)?.unwrap_or(today().year()))
}

/// The day a budget's figures are read as of: as asked, or today, or the
/// year's last day for a year gone by.
pub fn budget_as_of(
    year: &Option<String>,
    as_of: &Option<String>,
) -> Result<jiff::civil::Date, AppError> {
    let year = budget_year(year)?;
    let default =
        today().min(jiff::civil::Date::new(year, 12, 31).unwrap_or(jiff::civil::Date::MAX));
    Ok(parse_param(
        as_of,
        "as_of",
        "Ngày không hợp lệ (YYYY-MM-DD)",
        |s| s.parse::<jiff::civil::Date>().ok(),
    )?
    .unwrap_or(default))
}

/// The version a change carries, as a form or body sends it; a problem on
/// `version` when it is missing.
pub fn seen_version(written: &str, e: &mut xaphuong_core::Invalid) -> Option<i64> {
    let v = written.trim().parse::<i64>().ok();
    if v.is_none() {
        e.push("version", "Thiếu phiên bản: tải lại trang rồi sửa lại");
    }
    v
}

/// An Excel workbook as a download named `filename`.
pub fn xlsx_download(filename: &str, bytes: Vec<u8>) -> axum::response::Response {
    download(
        filename,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        bytes,
    )
}

/// An Excel file of `rows` as they come from the database: a blocking task
/// writes them into a temporary file (constant memory, a new sheet after
/// each full one), which is then sent in pieces and deleted. A province's
/// register never sits whole in memory.
pub async fn xlsx_stream<S>(
    filename: &str,
    sheet: &str,
    title: &str,
    headers: &[(&str, f64)],
    rows: S,
) -> Result<axum::response::Response, AppError>
where
    S: futures_util::Stream<
            Item = Result<Vec<xaphuong_report::xlsx::Cell>, xaphuong_store::StoreError>,
        >,
{
    use futures_util::StreamExt;
    use xaphuong_report::xlsx::SheetWriter;
    let internal = |e: &dyn std::fmt::Display| AppError::internal(e.to_string());
    // Rows go over in pieces: a thread woken per row would cost more than
    // the row.
    const PIECE: usize = 512;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<Vec<xaphuong_report::xlsx::Cell>>>(8);
    let (sheet, title) = (sheet.to_owned(), title.to_owned());
    let headers: Vec<(String, f64)> = headers.iter().map(|(h, w)| ((*h).to_owned(), *w)).collect();
    let writer = tokio::task::spawn_blocking(move || {
        let headers: Vec<(&str, f64)> = headers.iter().map(|(h, w)| (h.as_str(), *w)).collect();
        let mut w = SheetWriter::new(&sheet, &title, &headers).map_err(|e| e.to_string())?;
        while let Some(rows) = rx.blocking_recv() {
            for row in rows {
                w.push(row).map_err(|e| e.to_string())?;
            }
        }
        let file = tempfile::NamedTempFile::new().map_err(|e| e.to_string())?;
        w.finish_to(file.path()).map_err(|e| e.to_string())?;
        Ok::<_, String>(file)
    });
    let mut rows = std::pin::pin!(rows.chunks(PIECE));
    while let Some(piece) = rows.next().await {
        let piece = piece.into_iter().collect::<Result<Vec<_>, _>>()?;
        // A closed channel means the writer failed: its error follows.
        if tx.send(piece).await.is_err() {
            break;
        }
    }
    drop(tx);
    let file = writer
        .await
        .map_err(|e| internal(&e))?
        .map_err(|e| internal(&e))?;
    let reader = tokio::fs::File::open(file.path())
        .await
        .map_err(|e| internal(&e))?;
    // The file stays until the last piece is sent.
    let pieces = futures_util::stream::unfold(Some((reader, file)), |state| async move {
        use tokio::io::AsyncReadExt;
        let (mut reader, file) = state?;
        let mut buf = vec![0; 64 * 1024];
        match reader.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(axum::body::Bytes::from(buf)), Some((reader, file))))
            }
            Err(e) => Some((Err(e), None)),
        }
    });
    Ok(download_body(
        filename,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        axum::body::Body::from_stream(pieces),
    ))
}

/// A register's export, every register's the same way: the columns
/// `export_columns::<R>()` declares, import columns first, as headers, and
/// for each record streamed from the store one cell per column, which
/// `cell` picks by the column's field. Headers and cells come from the one
/// declaration, so they cannot drift apart, and the file imports again.
pub async fn register_export<R, T>(
    filename: &str,
    title: &str,
    rows: futures_util::stream::BoxStream<'_, Result<T, xaphuong_store::StoreError>>,
    cell: impl Fn(&T, &Column) -> xaphuong_report::xlsx::Cell + Send,
) -> Result<axum::response::Response, AppError>
where
    R: xaphuong_report::import::Register,
{
    use futures_util::StreamExt;
    let columns = xaphuong_report::import::export_columns::<R>();
    let headers: Vec<(&str, f64)> = columns.iter().map(|c| (c.label, c.width)).collect();
    let rows = rows.map(|r| r.map(|t| columns.iter().map(|c| cell(&t, c)).collect()));
    xlsx_stream(filename, R::SHEET, title, &headers, rows).await
}

/// The cell of a column an export's `cell` does not know: empty, but a
/// failure under test, where every register is exported.
pub fn unknown_column(c: &Column) -> xaphuong_report::xlsx::Cell {
    if cfg!(debug_assertions) {
        panic!("the export has no cell for the column «{}»", c.field);
    }
    xaphuong_report::xlsx::Cell::Empty
}

/// A file to save, named `filename`.
pub fn download(filename: &str, content_type: &str, bytes: Vec<u8>) -> axum::response::Response {
    download_body(filename, content_type, axum::body::Body::from(bytes))
}

fn download_body(
    filename: &str,
    content_type: &str,
    body: axum::body::Body,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// An optional record id.
pub fn parse_id(s: &Option<String>, field: &str) -> Result<Option<uuid::Uuid>, AppError> {
    parse_param(s, field, "Mã định danh không hợp lệ", |v| {
        uuid::Uuid::try_parse(v).ok()
    })
}

/// The version of a record a form was prepared on (its hidden `version`
/// field), if it carried one.
pub fn seen(version: &str) -> Option<i64> {
    version.trim().parse().ok()
}

pub fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// Epoch milliseconds as Vietnamese civil time (UTC+7, no daylight saving):
/// `dd/mm/yyyy HH:MM:SS`.
pub fn fmt_time(ms: i64) -> String {
    let Ok(ts) = jiff::Timestamp::from_millisecond(ms) else {
        return String::new();
    };
    let z = xaphuong_core::calendar::vietnam_time(ts);
    z.strftime("%d/%m/%Y %H:%M:%S").to_string()
}

/// Today in Vietnam (UTC+7).
pub fn today() -> jiff::civil::Date {
    xaphuong_core::calendar::vietnam_date(jiff::Timestamp::now())
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_are_shown_in_vietnam() {
        // 2026-02-16T17:00:00Z is 00:00 on 17/02/2026 in Hà Nội.
        assert_eq!(super::fmt_time(1_771_261_200_000), "17/02/2026 00:00:00");
    }
}
