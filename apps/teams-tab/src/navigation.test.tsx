// @vitest-environment happy-dom
// revealSection: scrolls to a section's heading once it renders; a newer reveal replaces a pending one.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { revealSection } from './navigation.tsx';

function heading(id: string): { el: HTMLElement; scrolled: () => number } {
  const el = document.createElement('h2');
  el.id = `${id}-heading`;
  let count = 0;
  el.scrollIntoView = () => {
    count += 1;
  };
  return { el, scrolled: () => count };
}

afterEach(() => {
  vi.useRealTimers();
  document.body.replaceChildren();
});

describe('revealSection', () => {
  it('scrolls to a heading rendered a moment later', () => {
    vi.useFakeTimers();
    const h = heading('me-plan');
    revealSection('me-plan');
    vi.advanceTimersByTime(250);
    document.body.append(h.el);
    expect(h.scrolled()).toBe(0);
    vi.advanceTimersByTime(100);
    expect(h.scrolled()).toBe(1);
    vi.advanceTimersByTime(5_000);
    expect(h.scrolled()).toBe(1);
  });

  it('a newer reveal replaces a pending one: only the latest section is scrolled to', () => {
    vi.useFakeTimers();
    const first = heading('me-plan');
    const second = heading('me-result');
    revealSection('me-plan');
    revealSection('me-result');
    document.body.append(first.el, second.el);
    vi.advanceTimersByTime(1_000);
    expect(first.scrolled()).toBe(0);
    expect(second.scrolled()).toBe(1);
  });

  it('gives up after its tries when the heading never renders', () => {
    vi.useFakeTimers();
    revealSection('nowhere', 3);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(300);
    expect(vi.getTimerCount()).toBe(0);
  });
});
