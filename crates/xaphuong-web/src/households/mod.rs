//! Households, their members and their yearly reviews.

pub(crate) mod pages;

use jiff::civil::Date;
use uuid::Uuid;
use xaphuong_core::access::Permission;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::import::ImportRow;
use xaphuong_report::import;
use xaphuong_report::import::culture::CultureReviews;
use xaphuong_report::import::households::Households;
use xaphuong_report::import::poverty::PovertyReviews;
use xaphuong_store::Store;
use xaphuong_store::StoreError;

use crate::AppError;
use crate::imports::Importable;
use crate::imports::households_done;
use crate::imports::relabeled;
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

impl Importable for Households {
    const BASE: &'static str = "/households";
    const NAME: &'static str = "Hộ gia đình";
    const HEADING: &'static str = "Nhập sổ hộ (hộ và nhân khẩu) từ tệp Excel";
    const FILE_NAME: &'static str = "mau-nhap-so-ho.xlsx";
    const ROW: &'static str = "một nhân khẩu (các cột của hộ ghi lại trên mỗi dòng)";

    async fn save(
        store: &Store,
        actor: &Actor,
        scope: &Scope,
        commune: Uuid,
        rows: Vec<ImportRow<Self::Input>>,
        today: Date,
    ) -> Result<String, StoreError> {
        let (households, members) = store
            .import_households(actor, scope, commune, rows, today)
            .await?;
        Ok(households_done(households, members))
    }

    async fn import(
        store: &Store,
        actor: &Actor,
        scope: &Scope,
        commune: Uuid,
        bytes: &[u8],
        today: Date,
    ) -> Result<String, AppError> {
        let mut file = store
            .household_import(scope, commune)
            .await
            .map_err(relabeled::<Self>)?;
        import::each_row::<Self>(bytes, &mut |r| file.add(r))?;
        let (households, members) = store
            .save_households(actor, file, today)
            .await
            .map_err(relabeled::<Self>)?;
        Ok(households_done(households, members))
    }
}

impl Importable for PovertyReviews {
    const BASE: &'static str = "/households/poverty";
    const BACK: &'static str = "/households/reviews";
    const NAME: &'static str = "Rà soát hộ nghèo";
    const HEADING: &'static str = "Nhập kết quả rà soát hộ nghèo, cận nghèo từ tệp Excel";
    const FILE_NAME: &'static str = "mau-nhap-ra-soat-ho-ngheo.xlsx";
    const ROW: &'static str = "kết quả rà soát của một hộ trong một năm";

    async fn save(
        store: &Store,
        actor: &Actor,
        scope: &Scope,
        commune: Uuid,
        rows: Vec<ImportRow<Self::Input>>,
        _today: Date,
    ) -> Result<String, StoreError> {
        let n = store
            .import_poverty_reviews(actor, scope, commune, &rows)
            .await?;
        Ok(format!("Đã nhập kết quả rà soát của {n} hộ."))
    }
}

impl Importable for CultureReviews {
    const BASE: &'static str = "/households/culture";
    const BACK: &'static str = "/households/reviews";
    const NAME: &'static str = "Bình xét Gia đình văn hóa";
    const HEADING: &'static str = "Nhập kết quả bình xét Gia đình văn hóa từ tệp Excel";
    const FILE_NAME: &'static str = "mau-nhap-gia-dinh-van-hoa.xlsx";
    const ROW: &'static str = "kết quả bình xét của một hộ trong một năm";

    async fn save(
        store: &Store,
        actor: &Actor,
        scope: &Scope,
        commune: Uuid,
        rows: Vec<ImportRow<Self::Input>>,
        _today: Date,
    ) -> Result<String, StoreError> {
        let n = store
            .import_culture_reviews(actor, scope, commune, &rows)
            .await?;
        Ok(format!("Đã nhập kết quả bình xét của {n} hộ."))
    }
}
