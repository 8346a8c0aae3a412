import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { settle, useApp } from './harness.js';

/** A download's text (the browser may run elsewhere, so it is saved through playwright). */
async function downloaded(d: Download): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'gradflow-e2e-')), d.suggestedFilename());
  await d.saveAs(path);
  return readFileSync(path, 'utf8');
}

describe('#/graph in chromium', () => {
  const app = useApp();
  const nodes = (selector = '') => app.page.locator(`[data-testid="graph-node"]${selector}`);
  const param = (name: string) =>
    new URLSearchParams(new URL(app.page.url()).hash.split('?')[1] ?? '').get(name);

  async function typeExpression(text: string) {
    await app.page.getByTestId('expression-input').fill(text);
    await app.page.getByTestId('expression-input').press('Enter');
    await settle(app.page);
  }

  it('draws sigmoid(x) as forward and backward nodes, the composite collapsed into one box', async () => {
    await app.open('graph', { expr: 'sigmoid(x)' });
    await settle(app.page);
    await expect.poll(() => nodes('[data-phase="forward"]').count()).toBeGreaterThan(1);
    expect(await nodes('[data-phase="backward"]').count()).toBeGreaterThan(0);
    expect(await nodes('[data-op="sigmoid"][data-phase="forward"]').count()).toBe(1);
    expect(await nodes('[data-op="sigmoid"][data-phase="backward"]').count()).toBe(1);
    expect(await nodes('[data-op="exp"]').count()).toBe(0);
  });

  it('a click expands sigmoid into its primitives (forward and backward), and collapses it back', async () => {
    await app.open('graph', { expr: 'sigmoid(x)' });
    await settle(app.page);
    await nodes('[data-op="sigmoid"][data-phase="forward"]').click();
    await settle(app.page);
    for (const op of ['exp', 'add', 'div']) {
      expect(await nodes(`[data-op="${op}"][data-phase="forward"]`).count(), op).toBeGreaterThan(0);
    }
    // the backward twin opened with it: sigmoid's derivative built from div, mul, neg, where
    for (const op of ['div', 'mul', 'neg']) {
      expect(await nodes(`[data-op="${op}"][data-phase="backward"]`).count(), op).toBeGreaterThan(
        0,
      );
    }
    expect(await nodes('[data-op="sigmoid"]').count()).toBe(0);
    expect(param('open')).toMatch(/sigmoid/);
    await app.page.getByRole('button', { name: 'collapse sigmoid (forward)' }).click();
    await settle(app.page);
    expect(await nodes('[data-op="exp"]').count()).toBe(0);
  });

  it('a bad expression shows the error with its position, keeps the last graph, and recovers', async () => {
    await app.open('graph', { expr: 'sigmoid(x)' });
    await settle(app.page);
    const before = await nodes().count();
    await typeExpression('sigmoid(x');
    const error = app.page.getByTestId('expression-error');
    await expect.poll(() => error.textContent()).toMatch(/expected a "," or a closing "\)"/);
    expect(await error.textContent()).toMatch(/line 1, column 10/);
    expect(await nodes().count()).toBe(before);
    await typeExpression('tanh(x) * 2');
    expect(await error.count()).toBe(0);
    await expect.poll(() => nodes('[data-op="tanh"]').count()).toBe(2);
  });

  it('markup typed as an expression is shown only as text', async () => {
    await app.open('graph', { expr: 'sigmoid(x)' });
    await settle(app.page);
    let dialogs = 0;
    app.page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    const markup = '<img src=x onerror=alert(1)>';
    await typeExpression(markup);
    const error = app.page.getByTestId('expression-error');
    await expect.poll(() => error.textContent()).toContain(markup);
    expect(await error.locator('img').count()).toBe(0);
    expect(await app.page.locator('main img').count()).toBe(0);
    expect(dialogs).toBe(0);
  });

  it('a shared URL restores expression, values, expanded composites and the selected node', async () => {
    await app.open('graph', { expr: 'sigmoid(x) * y' });
    await settle(app.page);
    await app.page.getByLabel('y =').fill('[1, -2]');
    await app.page.getByLabel('y =').press('Enter');
    await settle(app.page);
    await nodes('[data-op="sigmoid"][data-phase="forward"]').click();
    await settle(app.page);
    await nodes('[data-op="exp"][data-phase="forward"]').first().click();
    await settle(app.page);
    const url = app.page.url();
    expect(param('sel')).toMatch(/^n\d+$/);

    await app.openHash(new URL(url).hash);
    await settle(app.page);
    expect(await app.page.getByTestId('expression-input').inputValue()).toBe('sigmoid(x) * y');
    expect(await app.page.getByLabel('y =').inputValue()).toBe('[1, -2]');
    expect(await nodes('[data-op="exp"]').count()).toBeGreaterThan(0);
    expect(await nodes('[aria-pressed="true"]').getAttribute('data-op')).toBe('exp');
    await expect.poll(() => app.page.locator('.lens h3').textContent()).toMatch(/exp/);
    expect(app.page.url()).toBe(url);
  });

  it('the lens shows the rule in KaTeX, the numbers and a passing finite-difference check', async () => {
    await app.open('graph', { expr: 'sigmoid(x)', 'val.x': '0.3' });
    await settle(app.page);
    await nodes('[data-op="sigmoid"][data-phase="forward"]').click();
    await settle(app.page);
    await nodes('[data-op="exp"][data-phase="forward"]').first().click();
    await expect.poll(() => app.page.locator('.lens .katex').count()).toBeGreaterThan(0);
    await expect.poll(() => app.page.getByTestId('finite-difference').textContent()).toMatch(/✓/);
  });

  it('works with the keyboard alone: arrows move focus, Enter expands, Space selects, the lens steps', async () => {
    await app.open('graph', { expr: 'sigmoid(x)' });
    await settle(app.page);
    const focusable = nodes('[tabindex="0"]');
    expect(await focusable.count()).toBe(1);
    await focusable.focus();
    const focused = () =>
      app.page.evaluate(() => document.activeElement?.getAttribute('data-key') ?? null);
    const first = await focused();
    await app.page.keyboard.press('ArrowDown');
    const second = await focused();
    expect(second).not.toBeNull();
    expect(second).not.toBe(first);
    // find the forward sigmoid box by keyboard and expand it with Enter
    const sigmoid = nodes('[data-op="sigmoid"][data-phase="forward"]');
    await sigmoid.focus();
    await app.page.keyboard.press('Enter');
    await settle(app.page);
    expect(await nodes('[data-op="exp"]').count()).toBeGreaterThan(0);
    await nodes('[data-op="exp"][data-phase="forward"]').first().focus();
    await app.page.keyboard.press(' ');
    await expect.poll(() => app.page.locator('.lens h3').textContent()).toMatch(/exp/);
    // step through the backward pass from the lens's toolbar
    await app.page.getByRole('button', { name: 'Next ▶' }).focus();
    await app.page.keyboard.press('ArrowRight');
    await expect.poll(() => app.page.locator('.lens').textContent()).toMatch(/Backward step 1 of/);
    await app.page.keyboard.press('ArrowRight');
    await expect.poll(() => app.page.locator('.lens').textContent()).toMatch(/Backward step 2 of/);
    expect(await nodes('[aria-pressed="true"]').getAttribute('data-phase')).toBe('backward');
  });

  it('exports the graph as DOT and as a standalone SVG', async () => {
    await app.open('graph', { expr: 'relu(x) + 1' });
    await settle(app.page);
    const [dot] = await Promise.all([
      app.page.waitForEvent('download'),
      app.page.getByRole('button', { name: 'Download DOT' }).click(),
    ]);
    expect(dot.suggestedFilename()).toBe('gradflow-graph.dot');
    expect(await downloaded(dot)).toMatch(/^digraph gradflow \{/);
    const [svg] = await Promise.all([
      app.page.waitForEvent('download'),
      app.page.getByRole('button', { name: 'Download SVG' }).click(),
    ]);
    expect(svg.suggestedFilename()).toBe('gradflow-graph.svg');
    const text = await downloaded(svg);
    expect(text).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(text).toContain('data-op="relu"');
  });

  it('has no serious or critical axe-core violation with a node selected', async () => {
    await app.open('graph', { expr: 'softmax([x, 1, 2])' });
    await settle(app.page);
    await nodes('[data-op="softmax"][data-phase="forward"]').click();
    await settle(app.page);
    await nodes('[data-op="exp"][data-phase="forward"]').first().click();
    await settle(app.page);
    expect(await app.axe()).toEqual([]);
  });
});
