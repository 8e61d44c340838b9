// @vitest-environment happy-dom
// revealSection: scrolls to a section's heading once it renders; a newer reveal replaces a pending one. The person open
// on My team follows `?person=`: choosing one adds a history entry, back and forward (popstate) bring the view along.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { locationChanged, personInUrl, revealSection, selectPerson, usePersonInUrl } from './navigation.tsx';

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

/** What My team shows as open, from the URL. */
function Open() {
  return <output data-testid="open">{usePersonInUrl() ?? 'none'}</output>;
}

describe('the person open on My team', () => {
  afterEach(cleanup);

  it('is the URL’s ?person=: a deep link opens them, choosing one puts them in the URL as a new history entry', () => {
    window.history.replaceState(null, '', '/teams/team?cycle=cyc_1&person=per_ava#team-checkin');
    render(<Open />);
    expect(screen.getByTestId('open').textContent).toBe('per_ava');
    const before = window.history.length;
    act(() => selectPerson('per_ben'));
    expect(screen.getByTestId('open').textContent).toBe('per_ben');
    // The cycle and the section stay; only the person changed, in a new entry the back button leaves.
    expect(`${window.location.pathname}${window.location.search}${window.location.hash}`).toBe(
      '/teams/team?cycle=cyc_1&person=per_ben#team-checkin',
    );
    expect(window.history.length).toBe(before + 1);
    // Choosing the one already open adds no entry.
    act(() => selectPerson('per_ben'));
    expect(window.history.length).toBe(before + 1);
    act(() => selectPerson(null));
    expect(personInUrl()).toBeNull();
    expect(screen.getByTestId('open').textContent).toBe('none');
  });

  it('follows back and forward (popstate), and a move the tab made itself', () => {
    window.history.replaceState(null, '', '/teams/team?person=per_ben');
    render(<Open />);
    // What the back button does: the URL of the entry before, then popstate.
    act(() => {
      window.history.replaceState(null, '', '/teams/team?person=per_ava');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    expect(screen.getByTestId('open').textContent).toBe('per_ava');
    // The shell's own navigation (a to-do's link) pushes a URL, which fires no event: it says so.
    act(() => {
      window.history.pushState(null, '', '/teams/team?person=per_chloe');
      locationChanged();
    });
    expect(screen.getByTestId('open').textContent).toBe('per_chloe');
  });
});
