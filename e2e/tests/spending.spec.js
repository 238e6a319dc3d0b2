const { test, expect } = require('@playwright/test');

test('budget spending: the year by item, an investment paid for its work, changed, found, exported', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill('chuyenmon');
  await page.getByLabel('Mật khẩu').fill('chuyenmon@01843');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('link', { name: 'Chi ngân sách', exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Chi ngân sách năm \d{4}$/);
  await page.getByLabel('Năm', { exact: true }).fill('2026');
  await page.getByRole('button', { name: 'Xem' }).click();
  // The demo's 2026: the estimate by item and what was paid by the autumn.
  const summary = page.locator('table').first();
  await expect(summary).toContainText('Chi quản lý nhà nước, Đảng, đoàn thể');
  await expect(summary.locator('tr.total')).toContainText('8.020.000.000');

  // An investment without its work is refused by name; with it, kept.
  await page.getByLabel('Loại', { exact: true }).selectOption('payment');
  await page.getByLabel('Khoản chi', { exact: true }).selectOption('investment');
  await page.getByLabel('Ngày (quyết định giao dự toán, hoặc ngày chi)').fill('2026-10-15');
  await page.getByLabel('Số tiền (đồng)').fill('25.000.000');
  await page.getByLabel('Chứng từ, văn bản').fill('Giấy rút dự toán số 0456');
  await page.getByRole('button', { name: 'Ghi', exact: true }).click();
  await expect(page.getByText('Chi đầu tư phát triển ghi cho một công trình: chọn công trình')).toBeVisible();
  await page.getByLabel('Công trình (với chi đầu tư phát triển)').selectOption({ label: 'Bê tông hóa đường vào khu dân cư Nà Cạo' });
  await page.getByRole('button', { name: 'Ghi', exact: true }).click();
  await expect(page.getByRole('link', { name: 'Bê tông hóa đường vào khu dân cư Nà Cạo' }).first()).toBeVisible();

  // Found by its document, opened and changed.
  await page.getByPlaceholder('Chứng từ, ghi chú, công trình (gõ không dấu được)').fill('giay rut du toan so 0456');
  await page.getByRole('button', { name: 'Lọc' }).click();
  await expect(page.getByText('1 mục', { exact: true })).toBeVisible();
  await page.getByRole('link', { name: '15/10/2026' }).click();
  await page.getByLabel('Số tiền (đồng)').fill('30.000.000');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chi ngân sách năm 2026');
  await expect(page.locator('table').last()).toContainText('30.000.000');

  // The year as a workbook.
  const exported = await page.request.get('/spending/export.xlsx?year=2026');
  expect(exported.ok()).toBeTruthy();
  expect(exported.headers()['content-type']).toContain('spreadsheetml');
});
