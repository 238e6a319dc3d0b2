const { test, expect } = require('@playwright/test');

test('the violation register: create, edit, advance a step, search, export', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill('chuyenmon');
  await page.getByLabel('Mật khẩu').fill('chuyenmon@01843');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('link', { name: 'Vi phạm trật tự xây dựng' }).first().click();

  // The demo's 2021 cases are there.
  await page.getByPlaceholder('Năm phát hiện').fill('2021');
  await page.getByRole('button', { name: 'Lọc' }).click();
  await expect(page.getByText('53 vụ việc')).toBeVisible();
  await page.screenshot({ path: 'test-results/violations.png', fullPage: false });

  // Create.
  await page.getByRole('link', { name: 'Thêm vụ vi phạm' }).click();
  await page.getByLabel('Xã, phường hoặc tổ dân phố').selectOption({ label: 'Tổ 7' });
  await page.getByLabel('Loại vi phạm').selectOption('sidewalk');
  await page.getByLabel('Hộ, cá nhân, tổ chức vi phạm').fill('Hộ ông Bế Văn Quỳnh');
  await page.getByLabel('Địa chỉ, vị trí').fill('Số 21 đường Hùng Vương');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hộ ông Bế Văn Quỳnh' })).toBeVisible();
  await expect(page.getByText('Mới phát hiện')).toBeVisible();

  // Edit.
  await page.getByRole('link', { name: 'Sửa thông tin' }).click();
  await page.getByLabel('Địa chỉ, vị trí').fill('Số 23 đường Hùng Vương');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Số 23 đường Hùng Vương')).toBeVisible();

  // Advance a step.
  await page.getByLabel('Bước', { exact: true }).selectOption('record');
  await page.getByLabel('Văn bản (số, ngày)').fill('Biên bản số 70/BB-TTĐT');
  await page.getByRole('button', { name: 'Ghi bước' }).click();
  await expect(page.getByText('Đã lập biên bản')).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Biên bản số 70/BB-TTĐT' })).toBeVisible();

  // Find it without diacritics.
  await page.goto('/violations');
  await page.getByPlaceholder('Hộ vi phạm hoặc địa chỉ (gõ không dấu được)').fill('be van quynh');
  await page.getByRole('button', { name: 'Lọc' }).click();
  await expect(page.getByRole('link', { name: 'Hộ ông Bế Văn Quỳnh' })).toBeVisible();
  await expect(page.getByText('1 vụ việc')).toBeVisible();

  // Export.
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Xuất Excel' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('vi-pham-trat-tu-xay-dung.xlsx');
});
