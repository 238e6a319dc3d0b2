const { test, expect } = require('@playwright/test');

test('culture and sport: an activity of a group, found by its year; a group recognised for the year', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill('chuyenmon');
  await page.getByLabel('Mật khẩu').fill('chuyenmon@01843');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('link', { name: 'Văn hóa, thể thao', exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hoạt động văn hóa, thể thao ở khu dân cư' })).toBeVisible();
  await page.getByRole('link', { name: 'Thêm hoạt động' }).click();

  // Without its kind and with nobody taking part: refused by field.
  await page.getByLabel('Xã, phường hoặc tổ dân phố').selectOption({ label: 'Tổ 5' });
  await page.getByLabel('Ngày tổ chức').fill('2026-10-20');
  await page.getByLabel('Tên hoạt động').fill('Hội thi nấu ăn mừng ngày Phụ nữ Việt Nam');
  await page.getByLabel('Số người tham gia').fill('0');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Chọn loại hoạt động')).toBeVisible();
  await expect(page.getByText('Số người tham gia không hợp lệ (số nguyên, ví dụ 120)')).toBeVisible();
  await page.getByLabel('Loại hoạt động').selectOption('arts');
  await page.getByLabel('Số người tham gia').fill('85');
  await page.getByRole('button', { name: 'Lưu' }).click();

  // Listed under its year with the people who took part.
  await expect(page).toHaveURL(/\/activities\?year=2026$/);
  await expect(page.getByRole('link', { name: 'Hội thi nấu ăn mừng ngày Phụ nữ Việt Nam' })).toBeVisible();
  await expect(page.locator('main')).toContainText('lượt người tham gia');

  // The year's titles: Tổ 5 recognised, with its decision.
  await page.getByRole('link', { name: 'Thôn, tổ dân phố văn hóa' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Thôn, tổ dân phố văn hóa năm 2026');
  await page.getByLabel('Tổ 5 đạt danh hiệu', { exact: true }).check();
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByRole('alert')).toContainText('Ghi số, ngày quyết định công nhận danh hiệu');
  await page.getByLabel('Tổ 5 đạt danh hiệu', { exact: true }).check();
  await page.getByLabel('Quyết định công nhận Tổ 5', { exact: true }).fill('Quyết định số 301/QĐ-UBND ngày 20/11/2026');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.locator('main')).toContainText(/[1-9]\d*\/\d+ thôn, tổ dân phố đạt danh hiệu/);
  await expect(page.getByLabel('Tổ 5 đạt danh hiệu', { exact: true })).toBeChecked();
});
