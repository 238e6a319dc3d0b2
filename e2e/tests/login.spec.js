const { test, expect } = require('@playwright/test');

test('an officer signs in, reaches the ward home page and signs out', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login\?next=%2F$/);
  await expect(page.getByRole('heading', { name: 'xaphuong' })).toBeVisible();

  await page.getByLabel('Tên đăng nhập').fill('lanhdao');
  await page.getByLabel('Mật khẩu').fill('lanhdao@01843');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();

  await expect(page).toHaveURL(/\/$/);
  // Since 1 July 2025 the ward is Phường Bắc Kạn of Tỉnh Thái Nguyên.
  await expect(page.getByRole('heading', { level: 1, name: 'Phường Bắc Kạn' })).toBeVisible();
  await expect(page.getByText('Tỉnh Thái Nguyên › Phường Bắc Kạn')).toBeVisible();
  await expect(page.locator('header .name')).toHaveText('Nông Thị Hạnh');
  // A leader sees the audit trail but not the API administration link.
  await expect(page.getByRole('link', { name: 'Nhật ký thay đổi' }).first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'API' })).toHaveCount(0);
  // Every register is one click away.
  for (const name of ['Vi phạm trật tự xây dựng', 'Kiểm tra vỉa hè', 'Bàn giao mặt bằng', 'Tuyển quân', 'Thu ngân sách']) {
    await expect(page.locator('header nav').getByRole('link', { name })).toBeVisible();
  }
  await page.screenshot({ path: 'test-results/home.png', fullPage: true });

  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
});

test('a wrong password is refused with a message', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill('motcua');
  await page.getByLabel('Mật khẩu').fill('khong-dung');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByRole('alert')).toContainText('Tên đăng nhập hoặc mật khẩu không đúng');
});

test('the group head finds the units of the group', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill('totruong5');
  await page.getByLabel('Mật khẩu').fill('totruong5@01843');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tổ 5' })).toBeVisible();
  await page.getByRole('link', { name: 'Đơn vị hành chính' }).first().click();
  await expect(page.getByRole('cell', { name: 'Tổ 5' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Tổ 4' })).toHaveCount(0);
});

test('the API viewer works without the internet', async ({ page }) => {
  const outside = [];
  page.on('request', (r) => {
    const host = new URL(r.url()).hostname;
    if (host !== '127.0.0.1') outside.push(r.url());
  });
  await page.goto('/api/v1/docs/');
  await expect(page.getByText('xaphuong API').first()).toBeVisible();
  await expect(page.locator('.opblock-summary-path', { hasText: '/api/v1/units/{id}' }).first()).toBeVisible();
  expect(outside).toEqual([]);
});

test('the month calendar shows Tết with lunar dates', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill('motcua');
  await page.getByLabel('Mật khẩu').fill('motcua@01843');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('link', { name: 'Lịch', exact: true }).click();
  await page.goto('/calendar?year=2026&month=2');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Lịch tháng 2/2026');
  await expect(page.getByRole('cell', { name: 'Tết Nguyên đán Bính Ngọ (mùng 1)' }).first()).toBeVisible();
  await expect(page.locator('td.holiday').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/calendar.png', fullPage: true });
});
