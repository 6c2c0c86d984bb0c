// The coordinator's journey: sign in, open the organisations, change a
// service's urgent deadline (a mistake first, then a valid value), search the
// audit trail for that change, verify the chain; an axe scan on every page.
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations, signInAs } from './helpers.ts';

/**
 * Moves the pointer off whatever was just clicked, so each scan sees the page
 * at rest rather than a hover state (hover colours are the theme's concern).
 */
const rest = (page: Page) => page.mouse.move(5, 700);

async function go(page: Page, name: string) {
  await page.getByRole('navigation').getByRole('link', { name }).click();
  await rest(page);
}

test.use({ locale: 'en-GB' });

test('a coordinator changes a deadline, finds it in the audit trail and verifies the chain', async ({ page }) => {
  await signInAs(page, 'coordinator@dermlink.test');
  await expect(page).toHaveURL(/\/network$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Network' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // Organisations
  await go(page, 'Organisations');
  await expect(page.getByRole('heading', { level: 1, name: 'Organisations' })).toBeVisible();
  const service = page.getByRole('row', { name: /CH de Cahors/ });
  await expect(service).toContainText('2 working days');
  await expectNoSeriousA11yViolations(page);

  await service.getByRole('button', { name: /Edit/ }).click();
  const dialog = page.getByRole('dialog');
  const urgent = dialog.getByLabel('Urgent deadline (working days)');
  await urgent.fill('9');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await rest(page);
  await expect(dialog.getByText('The urgent deadline cannot be longer than the routine deadline.')).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await urgent.fill('1');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'were saved' })).toBeVisible();
  await expect(service).toContainText('1 working day');

  // People
  await go(page, 'People');
  await expect(page.getByRole('row', { name: /Dr Sophie Laurent/ })).toContainText('Dermatologist');
  await expectNoSeriousA11yViolations(page);

  // Audit trail: the change is there, then the chain is checked.
  await go(page, 'Audit trail');
  await expect(page.getByRole('heading', { level: 1, name: 'Audit trail' })).toBeVisible();
  await page.getByLabel('Action').fill('admin.organisation.*');
  await page.getByLabel('Person').fill('Nadia');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await rest(page);
  const results = page.getByRole('table', { name: 'Events' });
  await expect(results.getByRole('row').filter({ hasText: 'admin.organisation.update' })).toHaveCount(1);
  await expect(results).toContainText('Nadia Roux');
  await expectNoSeriousA11yViolations(page);

  await page.getByRole('button', { name: 'Verify the chain' }).click();
  await rest(page);
  await expect(page.getByText('The trail is intact')).toBeVisible();
  await expect(page.getByText(/events? checked, none altered or removed/)).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});
