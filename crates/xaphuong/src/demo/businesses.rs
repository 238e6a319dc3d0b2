//! Business households and tax: the seed ward's households registered in
//! 2022, its tax advisory council's meeting and the tax-debt list of the
//! year with the ward's follow-up; and the new ward's 2026.

use jiff::civil::Date;
use xaphuong_core::audit::Actor;
use xaphuong_core::businesses::{BusinessInput, BusinessStatus};
use xaphuong_core::import::ImportRow;
use xaphuong_core::tax::{ActionInput, ActionKind, DebtInput, MeetingInput};
use xaphuong_store::Store;
use xaphuong_store::businesses::BusinessFilter;
use xaphuong_store::tax::DebtFilter;
use xaphuong_store::units::Unit;

use super::DemoError;

fn actor() -> Actor {
    Actor::system("dữ liệu mẫu")
}

/// (name, owner, group code, line, number, registered, status, since)
type Shop<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    BusinessStatus,
    &'a str,
);

async fn registered(
    store: &Store,
    ward: &Unit,
    list: &[Shop<'_>],
    today: Date,
) -> Result<(), DemoError> {
    let groups = store.groups_of(ward).await?;
    for (name, owner, code, line, number, on, status, since) in list {
        let group = groups.iter().find(|g| g.code == *code);
        let input = BusinessInput {
            name: (*name).into(),
            owner: (*owner).into(),
            address: group.map_or_else(|| ward.name.clone(), |g| g.name.clone()),
            line: (*line).into(),
            registration_no: (*number).into(),
            registered_on: (*on).into(),
            status: status.as_str().into(),
            status_on: (*since).into(),
            ..Default::default()
        };
        store
            .create_business(
                &actor(),
                &ward.scope(),
                group.map_or(ward.id, |g| g.id),
                &input,
                None,
                today,
            )
            .await?;
    }
    Ok(())
}

/// (debtor, tax code, group code, item, amount, payments (day, amount))
type Debt<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    i64,
    &'a [(&'a str, i64)],
);

/// The list received on `listed_on`, each debt followed up: a reminder a
/// week after the list, then its payments.
async fn debts(
    store: &Store,
    ward: &Unit,
    listed_on: &str,
    list_ref: &str,
    list: &[Debt<'_>],
    today: Date,
) -> Result<(), DemoError> {
    let rows: Vec<ImportRow<DebtInput>> = list
        .iter()
        .enumerate()
        .map(|(i, (debtor, code, group, item, amount, _))| ImportRow {
            row: i + 2,
            group: (*group).into(),
            input: DebtInput {
                listed_on: listed_on.into(),
                list_ref: list_ref.into(),
                debtor: (*debtor).into(),
                tax_code: (*code).into(),
                item: (*item).into(),
                amount: amount.to_string(),
                ..Default::default()
            },
        })
        .collect();
    let scope = ward.scope();
    store
        .import_tax_debts(&actor(), &scope, ward.id, &rows, today)
        .await?;
    let listed: Date = listed_on.parse().unwrap_or(today);
    let reminded = listed
        .checked_add(jiff::Span::new().days(7))
        .unwrap_or(listed)
        .min(today);
    let year = listed.year();
    let page = store
        .tax_debts(
            &scope,
            &DebtFilter {
                year: Some(year),
                per_page: Some(500),
                ..Default::default()
            },
        )
        .await?;
    for (debtor, _, _, _, _, payments) in list {
        let Some(mut d) = page
            .items
            .iter()
            .find(|d| d.debtor == *debtor && d.listed_on == listed)
            .cloned()
        else {
            continue;
        };
        let steps = std::iter::once(ActionInput {
            done_on: reminded.to_string(),
            kind: ActionKind::Reminder.as_str().into(),
            note: "Tổ dân phố, cán bộ thuế đến nhắc nộp".into(),
            ..Default::default()
        })
        .chain(payments.iter().map(|(on, amount)| ActionInput {
            done_on: (*on).into(),
            kind: ActionKind::Payment.as_str().into(),
            amount: amount.to_string(),
            ..Default::default()
        }));
        for step in steps {
            d = store
                .add_debt_action(&actor(), &scope, d.id, d.updated_at, &step, today)
                .await?;
        }
    }
    Ok(())
}

/// The seed ward's 2022; none if the year already has households.
pub(super) async fn seed(store: &Store, ward: &Unit) -> Result<bool, DemoError> {
    let scope = ward.scope();
    let f = BusinessFilter {
        registered: Some(2022),
        per_page: Some(1),
        ..Default::default()
    };
    if store.businesses(&scope, &f).await?.total > 0 {
        return Ok(false);
    }
    let end = Date::constant(2022, 12, 31);
    // Registration numbers are the ward's own: its code keeps them apart
    // from the other communes'.
    let n = |k: u32| format!("13A{}{k:04}", ward.code);
    let numbers: Vec<String> = (1..=6).map(n).collect();
    use BusinessStatus::*;
    registered(
        store,
        ward,
        &[
            (
                "Hộ kinh doanh Tạp hóa Minh Anh",
                "Nguyễn Minh Anh",
                "5",
                "Bán lẻ hàng tạp hóa",
                &numbers[0],
                "2022-02-14",
                Active,
                "",
            ),
            (
                "Hộ kinh doanh Quán phở Hương",
                "Hoàng Thị Hương",
                "3",
                "Dịch vụ ăn uống",
                &numbers[1],
                "2022-03-21",
                Active,
                "",
            ),
            (
                "Hộ kinh doanh Sửa xe Thắng",
                "Lục Văn Thắng",
                "7",
                "Sửa chữa xe máy",
                &numbers[2],
                "2022-05-09",
                Active,
                "",
            ),
            (
                "Hộ kinh doanh Vật liệu xây dựng Bình An",
                "Ma Văn Bình",
                "9",
                "Bán vật liệu xây dựng",
                &numbers[3],
                "2022-06-30",
                Active,
                "",
            ),
            (
                "Hộ kinh doanh Cắt tóc Tuấn",
                "Triệu Văn Tuấn",
                "1",
                "Cắt tóc, gội đầu",
                &numbers[4],
                "2022-08-15",
                Closed,
                "2022-11-30",
            ),
            (
                "Hộ kinh doanh Trà sữa Mai",
                "Nông Thị Mai",
                "4",
                "Đồ uống",
                &numbers[5],
                "2022-10-03",
                Active,
                "",
            ),
        ],
        end,
    )
    .await?;
    store
        .create_tax_meeting(
            &actor(),
            &scope,
            ward.id,
            &MeetingInput {
                held_on: "2022-01-12".into(),
                subject: "Tham gia ý kiến về doanh thu, mức thuế khoán ổn định năm 2022 của hộ kinh doanh".into(),
                decision: "Thống nhất doanh thu, mức thuế khoán dự kiến của 45 hộ; đề nghị Chi cục Thuế thông báo công khai".into(),
                households: "45".into(),
                ..Default::default()
            },
            end,
        )
        .await?;
    debts(
        store,
        ward,
        "2022-07-05",
        "Công văn số 1234/CCT-NV ngày 01/7/2022 của Chi cục Thuế",
        &[
            (
                "Hoàng Văn Nam",
                "4700123456",
                "5",
                "Thuế khoán quý II/2022",
                1_500_000,
                &[("2022-07-20", 1_500_000)],
            ),
            (
                "Lý Thị Lan",
                "4700234567",
                "3",
                "Thuế khoán quý II/2022",
                2_400_000,
                &[("2022-08-02", 1_200_000), ("2022-09-05", 1_200_000)],
            ),
            (
                "Đinh Văn Hải",
                "4700345678",
                "7",
                "Lệ phí môn bài năm 2022",
                1_000_000,
                &[],
            ),
            (
                "Bế Thị Thu",
                "4700456789",
                "9",
                "Thuế khoán quý II/2022",
                3_100_000,
                &[("2022-10-11", 1_000_000)],
            ),
        ],
        end,
    )
    .await?;
    Ok(true)
}

/// The new ward's 2026 so far: the first year without presumptive tax.
pub(super) async fn present(store: &Store, ward: &Unit) -> Result<(), DemoError> {
    let today = Date::constant(2026, 11, 30);
    let first = store
        .groups_of(ward)
        .await?
        .first()
        .map(|g| g.code.clone())
        .unwrap_or_default();
    let n = |k: u32| format!("13B{}{k:04}", ward.code);
    let (a, b) = (n(1), n(2));
    use BusinessStatus::*;
    registered(
        store,
        ward,
        &[
            (
                "Hộ kinh doanh Dược liệu Bắc Kạn",
                "Hà Thị Phương",
                first.as_str(),
                "Bán lẻ dược liệu, đặc sản",
                &a,
                "2026-03-16",
                Active,
                "",
            ),
            (
                "Hộ kinh doanh In ấn Đức",
                "Phùng Văn Đức",
                first.as_str(),
                "In ấn, photocopy",
                &b,
                "2026-08-24",
                Suspended,
                "2026-11-02",
            ),
        ],
        today,
    )
    .await?;
    store
        .create_tax_meeting(
            &actor(),
            &ward.scope(),
            ward.id,
            &MeetingInput {
                held_on: "2026-01-15".into(),
                subject: "Triển khai bỏ thuế khoán: hướng dẫn hộ kinh doanh tự khai theo doanh thu thực tế".into(),
                decision: "Giao các tổ dân phố rà soát hộ kinh doanh chưa kê khai".into(),
                ..Default::default()
            },
            today,
        )
        .await?;
    debts(
        store,
        ward,
        "2026-04-10",
        "Danh sách nợ thuế kèm Công văn số 85/TCS-QLN ngày 08/4/2026 của Thuế cơ sở",
        &[
            (
                "Hoàng Văn Nam",
                "4700123456",
                first.as_str(),
                "Thuế khoán quý IV/2025",
                1_800_000,
                &[("2026-05-06", 1_800_000)],
            ),
            (
                "Vi Thị Hằng",
                "4700567890",
                first.as_str(),
                "Thuế tự khai quý I/2026",
                2_600_000,
                &[],
            ),
        ],
        today,
    )
    .await
}
