//! The OpenAPI document and its viewer, served from the binary (no CDN).

use utoipa::OpenApi;
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::routes::Table;

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
        crate::onestop::api::dossiers::dossiers, crate::onestop::api::dossiers::dossier, crate::onestop::api::dossiers::create,
        crate::onestop::api::dossiers::act, crate::onestop::api::dossiers::file, crate::onestop::api::dossiers::paper,
        crate::onestop::api::stats::stats, crate::onestop::api::stats::late,
        crate::onestop::api::stats::code_pattern, crate::onestop::api::stats::set_code_pattern,
        crate::onestop::api::public::communes, crate::onestop::api::public::procedures, crate::onestop::api::public::file,
        crate::onestop::api::public::lookup, crate::onestop::api::public::rate,
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
        crate::handovers::api::list, crate::handovers::api::get, crate::handovers::api::create, crate::handovers::api::update, crate::handovers::api::delete,
        crate::recruitment::api::summary, crate::recruitment::api::set_quota, crate::recruitment::api::list, crate::recruitment::api::get,
        crate::recruitment::api::create, crate::recruitment::api::update, crate::recruitment::api::move_stage, crate::recruitment::api::delete,
        crate::budget::api::summary, crate::budget::api::list, crate::budget::api::get, crate::budget::api::create, crate::budget::api::update, crate::budget::api::delete,
        crate::inspections::api::list, crate::inspections::api::get, crate::inspections::api::create, crate::inspections::api::update, crate::inspections::api::delete,
        crate::inspections::api::add_case, crate::inspections::api::delete_case,
        crate::resolutions::api::report,
    ),
    tags((name = "session", description = "Đăng nhập, đăng xuất"), (name = "units", description = "Đơn vị hành chính"),
         (name = "users", description = "Tài khoản"), (name = "audit", description = "Nhật ký thay đổi"),
         (name = "calendar", description = "Âm lịch, ngày nghỉ, ngày làm việc, hạn giải quyết"),
         (name = "violations", description = "Vi phạm trật tự xây dựng, lấn chiếm"),
         (name = "handovers", description = "Bàn giao mặt bằng"),
         (name = "recruitment", description = "Tuyển quân"),
         (name = "budget", description = "Thu ngân sách"),
         (name = "inspections", description = "Kiểm tra vỉa hè, trật tự đô thị"),
         (name = "resolutions", description = "Chỉ tiêu Nghị quyết và kết quả tính từ sổ"),
         (name = "onestop", description = "Một cửa: danh mục thủ tục, hồ sơ và các bước xử lý, Biểu 06, mã số hồ sơ"),
         (name = "public", description = "Công dân, không cần tài khoản: nộp hồ sơ trực tuyến, tra cứu, đánh giá"))
)]
pub struct ApiDoc;

pub(crate) fn mount(t: Table) -> Table {
    // The viewer's default validator badge would call swagger.io: offices
    // may have no internet, and the document is ours anyway.
    let ui = SwaggerUi::new("/api/v1/docs")
        .url("/api/v1/openapi.json", ApiDoc::openapi())
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
