//! The OpenAPI document and its viewer, served from the binary (no CDN).

use utoipa::OpenApi;
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::routes::Table;

#[derive(OpenApi)]
#[openapi(
    info(title = "xaphuong API", description = "API của xaphuong: đơn vị hành chính, tài khoản, nhật ký thay đổi. \
        Đăng nhập bằng POST /api/v1/session; mọi yêu cầu POST, PUT, DELETE gửi kèm tiêu đề X-CSRF-Token."),
    paths(
        super::session::login, super::session::logout, super::session::me,
        super::units::list, super::units::get, super::units::create, super::units::update, super::units::delete, super::units::import,
        super::users::list, super::users::get, super::users::create, super::users::update,
        super::audit::list,
        super::calendar::to_lunar, super::calendar::to_solar, super::calendar::days_off, super::calendar::deadline,
        super::calendar::workdays, super::calendar::put_day, super::calendar::delete_day, super::calendar::settings,
        super::calendar::put_settings,
        super::violations::list, super::violations::get, super::violations::create, super::violations::update,
        super::violations::add_event, super::violations::delete, super::violations::attachments,
        super::violations::attach, super::violations::attachment, super::violations::delete_attachment,
        super::imports::violations, super::imports::handovers, super::imports::recruitment, super::imports::budget,
        super::imports::inspections,
        super::imports::households,
        super::imports::poverty_reviews,
        super::imports::culture_reviews,
        super::handovers::list, super::handovers::get, super::handovers::create, super::handovers::update, super::handovers::delete,
        super::recruitment::summary, super::recruitment::set_quota, super::recruitment::list, super::recruitment::get,
        super::recruitment::create, super::recruitment::update, super::recruitment::move_stage, super::recruitment::delete,
        super::budget::summary, super::budget::list, super::budget::get, super::budget::create, super::budget::update, super::budget::delete,
        super::inspections::list, super::inspections::get, super::inspections::create, super::inspections::update, super::inspections::delete,
        super::inspections::add_case, super::inspections::delete_case,
        super::resolutions::report,
    ),
    tags((name = "session", description = "Đăng nhập, đăng xuất"), (name = "units", description = "Đơn vị hành chính"),
         (name = "users", description = "Tài khoản"), (name = "audit", description = "Nhật ký thay đổi"),
         (name = "calendar", description = "Âm lịch, ngày nghỉ, ngày làm việc, hạn giải quyết"),
         (name = "violations", description = "Vi phạm trật tự xây dựng, lấn chiếm"),
         (name = "handovers", description = "Bàn giao mặt bằng"),
         (name = "recruitment", description = "Tuyển quân"),
         (name = "budget", description = "Thu ngân sách"),
         (name = "inspections", description = "Kiểm tra vỉa hè, trật tự đô thị"),
         (name = "resolutions", description = "Chỉ tiêu Nghị quyết và kết quả tính từ sổ"))
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
