const { test, expect } = require('@playwright/test');

test('the land hand-over register: create, edit, search, export', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill('chuyenmon');
  await page.getByLabel('Mật khẩu').fill('chuyenmon@01843');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('link', { name: 'Bàn giao mặt bằng' }).first().click();
  await expect(page.getByRole('link', { name: 'Hộ ông Hà Văn Thịnh' })).toBeVisible();

  await page.getByRole('link', { name: 'Thêm biên bản bàn giao' }).click();
  await page.getByLabel('Xã, phường hoặc tổ dân phố').selectOption({ label: 'Tổ 4' });
  await page.getByLabel('Công trình, dự án').fill('Bê tông hóa đường dân sinh tổ 4');
  await page.getByLabel('Hộ bàn giao').fill('Hộ bà Triệu Thị Nga');
  await page.getByLabel('Diện tích (m²)').fill('12,5');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hộ bà Triệu Thị Nga' })).toBeVisible();
  await expect(page.getByText('12,5 m²')).toBeVisible();

  await page.getByRole('link', { name: 'Sửa' }).click();
  await page.getByLabel('Diện tích (m²)').fill('13');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('13 m²')).toBeVisible();

  await page.goto('/handovers');
  await page.getByPlaceholder('Hộ, công trình hoặc địa chỉ (gõ không dấu được)').fill('trieu thi nga');
  await page.getByRole('button', { name: 'Lọc' }).click();
  await expect(page.getByText('1 biên bản')).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Xuất Excel' }).click();
  expect((await download).suggestedFilename()).toBe('ban-giao-mat-bang.xlsx');
});
