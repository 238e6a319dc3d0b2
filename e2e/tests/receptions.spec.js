const { test, expect } = require('@playwright/test');

test('citizen reception: a complaint entered with its legal deadline; a denouncer seen by the handler alone', async ({ browser }) => {
  const signIn = async (user) => {
    const page = await browser.newPage();
    await page.goto('/login');
    await page.getByLabel('Tên đăng nhập').fill(user);
    await page.getByLabel('Mật khẩu').fill(`${user}@01843`);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('link', { name: 'Tiếp công dân', exact: true }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sổ tiếp công dân' })).toBeVisible();
    return page;
  };
  const officer = await signIn('chuyenmon');
  await officer.getByRole('link', { name: 'Ghi sổ tiếp công dân' }).click();
  await officer.getByLabel('Người đến, gửi đơn').fill('Đàm Thị Hoa');
  await officer.getByLabel('Nội dung').fill('Khiếu nại việc thu hồi giấy phép kinh doanh');
  await officer.getByLabel('Phân loại').selectOption('complaint');
  await officer.getByLabel('Ngày tiếp nhận').fill('2026-11-02');
  await officer.getByLabel('Ngày thụ lý').fill('2026-11-05');
  await officer.getByLabel('Số lần gia hạn (tố cáo)').fill('1');
  await officer.getByRole('button', { name: 'Lưu' }).click();
  // A complaint is not extended: its deadline already counts complexity.
  await expect(officer.getByText('Khiếu nại không gia hạn')).toBeVisible();
  await officer.getByLabel('Số lần gia hạn (tố cáo)').fill('');
  await officer.getByRole('button', { name: 'Lưu' }).click();
  // 30 days from acceptance (Luật Khiếu nại 2011, Điều 28).
  await expect(officer.locator('main')).toContainText('05/12/2026');
  await officer.getByRole('link', { name: 'Sổ tiếp công dân' }).click();
  await expect(officer.getByRole('cell', { name: 'Triệu Văn Bảo' })).toBeVisible();

  // The administrator reads the book but not who denounced.
  const admin = await signIn('quantri');
  await expect(admin.getByRole('cell', { name: 'Đàm Thị Hoa' })).toBeVisible();
  await expect(admin.locator('main')).not.toContainText('Triệu Văn Bảo');
  await expect(admin.getByRole('cell', { name: 'Giữ bí mật' })).toBeVisible();
});
