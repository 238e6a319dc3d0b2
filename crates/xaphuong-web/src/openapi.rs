//! The OpenAPI document and its viewer, served from the binary (no CDN).

use utoipa::OpenApi;
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::routes::{Access, RouteInfo, Table};

#[derive(OpenApi)]
#[openapi(
    info(title = "xaphuong API", description = "API của xaphuong: đơn vị hành chính, tài khoản, nhật ký thay đổi. \
        Đăng nhập bằng POST /api/v1/session; mọi yêu cầu POST, PUT, DELETE gửi kèm tiêu đề X-CSRF-Token."),
    paths(
        crate::auth::api::login, crate::auth::api::logout, crate::auth::api::me,
        crate::units::api::list, crate::units::api::get, crate::units::api::create, crate::units::api::update, crate::units::api::delete, crate::units::api::import,
        crate::reorganisations::api::list, crate::reorganisations::api::preview, crate::reorganisations::api::merge,
        crate::reorganisations::api::split_preview, crate::reorganisations::api::split,
        crate::onestop::api::procedures, crate::onestop::api::procedure,
        crate::onestop::api::create_procedure, crate::onestop::api::update_procedure,
        crate::onestop::api::export_procedures, crate::onestop::api::import_procedures,
        crate::onestop::api::dossiers::dossiers, crate::onestop::api::dossiers::dossier, crate::onestop::api::dossiers::create,
        crate::onestop::api::dossiers::act, crate::onestop::api::dossiers::file, crate::onestop::api::dossiers::add_file, crate::onestop::api::dossiers::paper,
        crate::onestop::api::stats::stats, crate::onestop::api::stats::late,
        crate::onestop::api::stats::code_pattern, crate::onestop::api::stats::set_code_pattern,
        crate::onestop::api::public::communes, crate::onestop::api::public::procedures, crate::onestop::api::public::file,
        crate::onestop::api::public::lookup, crate::onestop::api::public::rate,
        crate::households::api::list, crate::households::api::get, crate::households::api::rates,
        crate::households::api::create, crate::households::api::add_member, crate::households::api::move_household,
        crate::households::api::record_poverty, crate::households::api::record_culture,
        crate::households::api::reviews, crate::households::api::set_step, crate::households::api::export,
        crate::webhooks::api::list, crate::webhooks::api::create, crate::webhooks::api::get, crate::webhooks::api::update,
        crate::webhooks::api::deliveries, crate::webhooks::api::replay,
        crate::users::api::list, crate::users::api::get, crate::users::api::create, crate::users::api::update,
        crate::audit::api::list,
        crate::calendar::api::to_lunar, crate::calendar::api::to_solar, crate::calendar::api::days_off, crate::calendar::api::deadline,
        crate::calendar::api::workdays, crate::calendar::api::put_day, crate::calendar::api::delete_day, crate::calendar::api::settings,
        crate::calendar::api::put_settings,
        crate::violations::api::list, crate::violations::api::get, crate::violations::api::create, crate::violations::api::update,
        crate::violations::api::add_event, crate::violations::api::delete, crate::violations::api::attachments,
        crate::violations::api::attach, crate::violations::api::attachment, crate::violations::api::delete_attachment,
        crate::imports::api::violations, crate::imports::api::handovers, crate::imports::api::recruitment, crate::imports::api::budget,
        crate::imports::api::inspections,
        crate::imports::api::households,
        crate::imports::api::poverty_reviews,
        crate::imports::api::culture_reviews,
        crate::imports::api::works,
        crate::works::api::list, crate::works::api::get, crate::works::api::create, crate::works::api::update, crate::works::api::delete,
        crate::spending::api::summary, crate::spending::api::list, crate::spending::api::get, crate::spending::api::create,
        crate::spending::api::update, crate::spending::api::delete, crate::imports::api::spending,
        crate::activities::api::list, crate::activities::api::get, crate::activities::api::create, crate::activities::api::update,
        crate::activities::api::delete, crate::activities::api::titles, crate::activities::api::set_titles_api,
        crate::imports::api::activities,
        crate::receptions::api::list, crate::receptions::api::get, crate::receptions::api::create,
        crate::receptions::api::update, crate::receptions::api::delete,
        crate::problems::api::list, crate::problems::api::get, crate::problems::api::step,
        crate::businesses::api::list, crate::businesses::api::get, crate::businesses::api::create, crate::businesses::api::update,
        crate::businesses::api::delete, crate::imports::api::businesses,
        crate::tax::api::rules, crate::tax::api::meetings, crate::tax::api::create_meeting, crate::tax::api::delete_meeting,
        crate::tax::api::debts, crate::tax::api::debt, crate::tax::api::delete_debt, crate::tax::api::add_action,
        crate::tax::api::delete_action, crate::imports::api::tax_debts,
        crate::cooperatives::api::list, crate::cooperatives::api::get, crate::cooperatives::api::create, crate::cooperatives::api::update,
        crate::cooperatives::api::delete, crate::cooperatives::api::set_grade, crate::cooperatives::api::add_support,
        crate::cooperatives::api::delete_support, crate::imports::api::cooperatives,
        crate::handovers::api::list, crate::handovers::api::get, crate::handovers::api::create, crate::handovers::api::update, crate::handovers::api::delete,
        crate::recruitment::api::summary, crate::recruitment::api::set_quota, crate::recruitment::api::list, crate::recruitment::api::get,
        crate::recruitment::api::create, crate::recruitment::api::update, crate::recruitment::api::move_stage, crate::recruitment::api::delete,
        crate::budget::api::summary, crate::budget::api::list, crate::budget::api::get, crate::budget::api::create, crate::budget::api::update, crate::budget::api::delete,
        crate::inspections::api::list, crate::inspections::api::get, crate::inspections::api::create, crate::inspections::api::update, crate::inspections::api::delete,
        crate::inspections::api::add_case, crate::inspections::api::delete_case,
        crate::resolutions::api::report, crate::resolutions::api::indicators,
        crate::resolutions::api::resolution, crate::resolutions::api::save, crate::resolutions::api::set_value,
        crate::resolutions::api::add_indicator,
    ),
    tags((name = "session", description = "Đăng nhập, đăng xuất"), (name = "units", description = "Đơn vị hành chính"),
         (name = "users", description = "Tài khoản"), (name = "audit", description = "Nhật ký thay đổi"),
         (name = "calendar", description = "Âm lịch, ngày nghỉ, ngày làm việc, hạn giải quyết"),
         (name = "violations", description = "Vi phạm trật tự xây dựng, lấn chiếm"),
         (name = "handovers", description = "Bàn giao mặt bằng"),
         (name = "works", description = "Công trình, tuyến đường dân sinh"),
         (name = "recruitment", description = "Tuyển quân"),
         (name = "budget", description = "Thu ngân sách"),
         (name = "spending", description = "Chi ngân sách xã: dự toán, điều chỉnh, số chi"),
         (name = "activities", description = "Văn hóa, thể thao ở khu dân cư: hoạt động, thôn, tổ dân phố văn hóa"),
         (name = "receptions", description = "Sổ tiếp công dân: phản ánh, kiến nghị, khiếu nại, tố cáo và thời hạn giải quyết"),
         (name = "problems", description = "Phản ánh hiện trường của người dân: tiếp nhận, giao xử lý, trả lời công khai"),
         (name = "businesses", description = "Sổ theo dõi hộ kinh doanh"),
         (name = "tax", description = "Thuế hộ kinh doanh: quy định theo thời kỳ, Hội đồng tư vấn thuế, danh sách nợ thuế và đôn đốc"),
         (name = "cooperatives", description = "Hợp tác xã: sổ theo dõi, xếp loại hằng năm, hỗ trợ đã nhận"),
         (name = "inspections", description = "Kiểm tra vỉa hè, trật tự đô thị"),
         (name = "resolutions", description = "Chỉ tiêu Nghị quyết và kết quả tính từ sổ"),
         (name = "onestop", description = "Một cửa: danh mục thủ tục, hồ sơ và các bước xử lý, Biểu 06, mã số hồ sơ"),
         (name = "households", description = "Hộ gia đình, thành viên, rà soát, bình xét và các tỷ lệ"),
         (name = "webhooks", description = "Địa chỉ nhận sự kiện (webhook) và các lần gửi"),
         (name = "public", description = "Công dân, không cần tài khoản: nộp hồ sơ trực tuyến, tra cứu, đánh giá"))
)]
pub struct ApiDoc;

/// The document as published: the operations as written, and on each the
/// answers every route may give besides its own — 401 and 403 where an
/// account is needed, 403 of the CSRF check on a change, 400 for a path,
/// query or body the framework cannot read, 404 for an id that is not
/// found, 422 for a query or body the rules refuse.
pub fn document(routes: &[RouteInfo]) -> utoipa::openapi::OpenApi {
    use utoipa::openapi::path::ParameterIn;
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
    let mut doc = ApiDoc::openapi();
    let error = |description: &str| {
        RefOr::T(
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ErrorBody")))
                        .build(),
                )
                .build(),
        )
    };
    for (path, item) in doc.paths.paths.iter_mut() {
        let operations = [
            ("GET", &mut item.get),
            ("POST", &mut item.post),
            ("PUT", &mut item.put),
            ("DELETE", &mut item.delete),
        ];
        for (method, op) in operations {
            let Some(op) = op.as_mut() else { continue };
            let public = routes
                .iter()
                .any(|r| r.method == method && r.path == path && r.access == Access::Public);
            let located = |place: ParameterIn| {
                op.parameters.iter().flatten().any(|p| match p {
                    RefOr::T(p) => p.parameter_in == place,
                    RefOr::Ref(_) => false,
                })
            };
            let (in_path, in_query) = (located(ParameterIn::Path), located(ParameterIn::Query));
            let body = op.request_body.is_some();
            let mut add = Vec::new();
            if !public {
                add.push(("401", "Chưa đăng nhập"));
                add.push(("403", "Vai trò hoặc phạm vi không cho phép"));
            } else if method != "GET" {
                add.push(("403", "Thiếu mã bảo vệ CSRF (khi đã đăng nhập)"));
            }
            if in_path || in_query || body {
                add.push(("400", "Đường dẫn, tham số hoặc nội dung không đọc được"));
            }
            if in_path || in_query || body {
                add.push(("404", "Không tìm thấy (bản ghi hoặc đơn vị được nêu)"));
            }
            if in_query || body {
                add.push(("422", "Dữ liệu không hợp lệ: mỗi lỗi kèm trường"));
            }
            if body {
                add.push(("413", "Dữ liệu gửi lên quá lớn"));
            }
            for (status, description) in add {
                op.responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| error(description));
            }
        }
    }
    doc
}

pub(crate) fn mount(t: Table) -> Table {
    // The viewer's default validator badge would call swagger.io: offices
    // may have no internet, and the document is ours anyway.
    let ui = SwaggerUi::new("/api/v1/docs")
        .url("/api/v1/openapi.json", document(&t.list))
        .config(Config::default().validator_url("none"));
    t.merge_public(
        &[
            "/api/v1/openapi.json",
            "/api/v1/docs",
            "/api/v1/docs/",
            "/api/v1/docs/{*rest}",
        ],
        ui.into(),
    )
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// The document names each schema once: two types under one name
    /// would make the generator keep one of them silently, and a client
    /// built from it send the other's fields.
    #[test]
    fn every_schema_has_a_name_of_its_own() {
        let crates = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let mut files = Vec::new();
        for krate in ["xaphuong-core", "xaphuong-store", "xaphuong-web"] {
            sources(&crates.join(krate).join("src"), &mut files);
        }
        let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                if !(line.contains("derive(") && line.contains("ToSchema")) {
                    continue;
                }
                // The attributes up to the type: a `schema(as = …)` renames it.
                let rest = &lines[i..lines.len().min(i + 12)];
                let Some(decl) = rest.iter().find_map(|l| {
                    let l = l.trim_start();
                    l.strip_prefix("pub struct ")
                        .or_else(|| l.strip_prefix("pub enum "))
                        .or_else(|| l.strip_prefix("struct "))
                }) else {
                    continue;
                };
                let own: String = decl
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let renamed = rest.iter().find_map(|l| {
                    let at = l.find("schema(as = ")?;
                    let name: String = l[at + "schema(as = ".len()..]
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    Some(name)
                });
                seen.entry(renamed.unwrap_or(own))
                    .or_default()
                    .push(file.display().to_string());
            }
        }
        assert!(seen.len() > 50, "only {} schemas found", seen.len());
        let twice: Vec<_> = seen.iter().filter(|(_, at)| at.len() > 1).collect();
        assert!(twice.is_empty(), "schema names used twice: {twice:#?}");
        // And every name the document refers to is one it defines.
        let doc = serde_json::to_value(super::document(&crate::routes::table().list)).unwrap();
        let defined = doc["components"]["schemas"].as_object().unwrap();
        let text = doc.to_string();
        for part in text.split("#/components/schemas/").skip(1) {
            let name: String = part.chars().take_while(|c| *c != '"').collect();
            assert!(
                defined.contains_key(&name),
                "{name} is referred to, not defined"
            );
        }
    }
}
