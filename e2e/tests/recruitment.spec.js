const { test, expect } = require('@playwright/test');

test('the recruitment register: figures, add, edit, advance a step, search, export', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill('chuyenmon');
  await page.getByLabel('Mật khẩu').fill('chuyenmon@01843');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.goto('/recruitment?year=2021');
  await expect(page.getByRole('heading', { level: 1, name: 'Tuyển quân năm 2021' })).toBeVisible();
  await expect(page.getByRole('cell', { name: '8/8' })).toBeVisible();

  await page.getByRole('link', { name: 'Thêm công dân' }).click();
  await page.getByLabel('Họ và tên').fill('Lường Văn Quý');
  await page.getByLabel('Năm sinh').fill('2003');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Lường Văn Quý' })).toBeVisible();

  await page.getByRole('link', { name: 'Sửa thông tin' }).click();
  await page.getByLabel('Địa chỉ').fill('Số 9, đường Trường Chinh');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await expect(page.getByText('Số 9, đường Trường Chinh')).toBeVisible();

  await page.getByLabel('Bước tiếp theo').selectOption('examined');
  await page.getByRole('button', { name: 'Ghi' }).click();
  await expect(page.getByText('Đã khám tuyển')).toBeVisible();

  await page.goto('/recruitment?year=2021');
  await page.getByPlaceholder('Họ tên hoặc địa chỉ (gõ không dấu được)').fill('luong van quy');
  await page.getByRole('button', { name: 'Lọc' }).click();
  await expect(page.getByText('1 công dân')).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Xuất Excel' }).click();
  expect((await download).suggestedFilename()).toBe('tuyen-quan.xlsx');
});
