//! Register imports over the API: the request body is the XLSX or CSV file;
//! all rows are written or none, problems come back per row and column.

use axum::Json;
use axum::extract::{Query, State};
use xaphuong_report::import::{
    activities::Activities, budget::Budget, businesses::Businesses, cooperatives::Cooperatives,
    culture::CultureReviews, handovers::Handovers, households::Households,
    inspections::Inspections, poverty::PovertyReviews, recruitment::Recruitment,
    spending::Spending, tax_debts::TaxDebts, violations::Violations, works::Works,
};

use super::{ImportQuery, ImportView, api};
use crate::AppState;
use crate::auth::Signed;
use crate::error::ErrorBody;
use crate::json::ApiResult;

macro_rules! import_endpoint {
    ($name:ident, $register:ty, $path:literal, $tag:literal, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = $tag, params(ImportQuery),
            request_body(content = Vec<u8>, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            responses((status = 200, description = "Thành công", body = ImportView), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
        pub async fn $name(
            State(state): State<AppState>,
            signed: Signed,
            q: Query<ImportQuery>,
            body: axum::body::Bytes,
        ) -> ApiResult<ImportView> {
            Ok(Json(api::<$register>(&state, &signed, q, &body).await?))
        }
    };
}

import_endpoint!(
    violations,
    Violations,
    "/api/v1/violations/import",
    "violations",
    "Imports violation cases, all or nothing."
);
import_endpoint!(
    handovers,
    Handovers,
    "/api/v1/handovers/import",
    "handovers",
    "Imports land hand-overs, all or nothing."
);
import_endpoint!(
    works,
    Works,
    "/api/v1/works/import",
    "works",
    "Imports public works with the groups each runs through, all or nothing."
);
import_endpoint!(
    recruitment,
    Recruitment,
    "/api/v1/recruitment/import",
    "recruitment",
    "Imports the citizens called for recruitment, all or nothing."
);
import_endpoint!(
    budget,
    Budget,
    "/api/v1/budget/import",
    "budget",
    "Imports budget estimate lines, adjustments and collections, all or nothing."
);
import_endpoint!(
    businesses,
    Businesses,
    "/api/v1/businesses/import",
    "businesses",
    "Imports business households, all or nothing."
);
import_endpoint!(
    tax_debts,
    TaxDebts,
    "/api/v1/tax/debts/import",
    "tax",
    "Imports a tax-debt list received from the tax office, all or nothing."
);
import_endpoint!(
    activities,
    Activities,
    "/api/v1/activities/import",
    "activities",
    "Imports culture and sport activities with their groups, all or nothing."
);
import_endpoint!(
    cooperatives,
    Cooperatives,
    "/api/v1/cooperatives/import",
    "cooperatives",
    "Imports cooperatives with their groups, all or nothing."
);
import_endpoint!(
    spending,
    Spending,
    "/api/v1/spending/import",
    "spending",
    "Imports spending estimate lines, adjustments and payments (an investment's work by its name), all or nothing."
);
import_endpoint!(
    inspections,
    Inspections,
    "/api/v1/inspections/import",
    "inspections",
    "Imports cases found in inspections (rows of one date, place and team form one inspection), all or nothing."
);
import_endpoint!(
    households,
    Households,
    "/api/v1/households/import",
    "households",
    "Imports households and their members (one member per row, the household's columns repeated), all or nothing."
);
import_endpoint!(
    poverty_reviews,
    PovertyReviews,
    "/api/v1/households/poverty/import",
    "households",
    "Imports the year's poverty review results, one household per row, all or nothing."
);
import_endpoint!(
    culture_reviews,
    CultureReviews,
    "/api/v1/households/culture/import",
    "households",
    "Imports the year's cultural-family review results, one household per row, all or nothing."
);
