//! Households, their members and their yearly reviews.

pub(crate) mod pages;

use xaphuong_core::access::Permission;
use xaphuong_report::import::culture::CultureReviews;
use xaphuong_report::import::households::Households;
use xaphuong_report::import::poverty::PovertyReviews;

use crate::routes::{Access, Table};

/// Its pages and its API, each with the access it needs.
pub(crate) fn routes(t: Table) -> Table {
    use Permission::{ManageHouseholds, ViewHouseholds};
    let p = Access::Permission;
    t.get("/households", p(ViewHouseholds), pages::list)
        .get("/households/export.xlsx", p(ViewHouseholds), pages::export)
        .post("/households", p(ManageHouseholds), pages::create)
        .get("/households/new", p(ManageHouseholds), pages::new_form)
        .get("/households/reviews", p(ViewHouseholds), pages::reviews)
        .post(
            "/households/reviews/steps",
            p(ManageHouseholds),
            pages::set_step,
        )
        .get("/households/{id}", p(ViewHouseholds), pages::show)
        .post(
            "/households/{id}/members",
            p(ManageHouseholds),
            pages::add_member,
        )
        .post(
            "/households/{id}/move",
            p(ManageHouseholds),
            pages::move_household,
        )
        .post(
            "/households/{id}/poverty",
            p(ManageHouseholds),
            pages::record_poverty,
        )
        .post(
            "/households/{id}/culture",
            p(ManageHouseholds),
            pages::record_culture,
        )
        .get(
            "/households/import",
            p(ManageHouseholds),
            crate::imports::pages::form::<Households>,
        )
        .post(
            "/households/import",
            p(ManageHouseholds),
            crate::imports::pages::submit::<Households>,
        )
        .get(
            "/households/import/mau.xlsx",
            p(ManageHouseholds),
            crate::imports::pages::template::<Households>,
        )
        .get(
            "/households/poverty/import",
            p(ManageHouseholds),
            crate::imports::pages::form::<PovertyReviews>,
        )
        .post(
            "/households/poverty/import",
            p(ManageHouseholds),
            crate::imports::pages::submit::<PovertyReviews>,
        )
        .get(
            "/households/poverty/import/mau.xlsx",
            p(ManageHouseholds),
            crate::imports::pages::template::<PovertyReviews>,
        )
        .get(
            "/households/culture/import",
            p(ManageHouseholds),
            crate::imports::pages::form::<CultureReviews>,
        )
        .post(
            "/households/culture/import",
            p(ManageHouseholds),
            crate::imports::pages::submit::<CultureReviews>,
        )
        .get(
            "/households/culture/import/mau.xlsx",
            p(ManageHouseholds),
            crate::imports::pages::template::<CultureReviews>,
        )
        .post(
            "/api/v1/households/import",
            p(ManageHouseholds),
            crate::imports::api::households,
        )
        .post(
            "/api/v1/households/poverty/import",
            p(ManageHouseholds),
            crate::imports::api::poverty_reviews,
        )
        .post(
            "/api/v1/households/culture/import",
            p(ManageHouseholds),
            crate::imports::api::culture_reviews,
        )
}
