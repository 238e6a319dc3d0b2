const { test, expect } = require('@playwright/test');

test('budget revenue: figures against the estimate, add, edit, search, export', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill('chuyenmon');
  await page.getByLabel('Mật khẩu').fill('chuyenmon@01843');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.goto('/budget?year=2021');
  await expect(page.getByRole('heading', { level: 1, name: 'Thu ngân sách năm 2021' })).toBeVisible();
  const total = page.locator('tr.total');
  await expect(total).toContainText('7.420.000.000');
  await expect(total).toContainText('8.061.000.000');
  await expect(total).toContainText('108,6');

  // A new collection.
  await page.getByLabel('Khoản thu', { exact: true }).selectOption('fines');
  await page.getByLabel('Ngày (quyết định giao dự toán, hoặc ngày thu)').fill('2021-12-20');
  await page.getByLabel('Thu NSNN trên địa bàn (đồng)').fill('5.000.000');
  await page.getByLabel('Thu ngân sách xã được hưởng (đồng)').fill('5.000.000');
  await page.getByLabel('Chứng từ, văn bản').fill('Biên lai phạt số 771');
  await page.getByRole('button', { name: 'Ghi', exact: true }).click();
  await expect(page.locator('tr.total')).toContainText('8.066.000.000');

  // Find it, correct it.
  await page.getByPlaceholder('Chứng từ, ghi chú (gõ không dấu được)').fill('bien lai phat so 771');
  await page.getByRole('button', { name: 'Lọc' }).click();
  await expect(page.getByText('1 mục')).toBeVisible();
  await page.getByRole('link', { name: '20/12/2021' }).click();
  await page.getByLabel('Thu NSNN trên địa bàn (đồng)').fill('6.000.000');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.locator('tr.total')).toContainText('8.067.000.000');

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Xuất Excel' }).click();
  expect((await download).suggestedFilename()).toBe('thu-ngan-sach.xlsx');
});
