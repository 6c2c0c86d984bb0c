import { describe, expect, it } from 'vitest';
import {
  CASE_STATES,
  CASE_TRANSITIONS,
  CASE_TRANSITION_RULES,
  OPEN_CASE_STATES,
  allowedTransitions,
  isOpenState,
  isTerminalState,
  nextState,
  partyFor,
  type CaseParty,
  type CaseState,
  type CaseTransition,
} from './case-state.ts';

const expected: [CaseTransition, CaseParty, CaseState[], CaseState][] = [
  ['submit', 'requester', ['draft'], 'submitted'],
  ['claim', 'dermatologist', ['submitted'], 'in_review'],
  ['release', 'dermatologist', ['in_review'], 'submitted'],
  ['ask_question', 'dermatologist', ['in_review'], 'awaiting_requester'],
  ['answer_question', 'requester', ['awaiting_requester'], 'in_review'],
  ['sign_answer', 'dermatologist', ['in_review'], 'answered'],
  ['acknowledge', 'requester', ['answered'], 'acknowledged'],
  ['withdraw', 'requester', ['draft', 'submitted', 'in_review', 'awaiting_requester'], 'withdrawn'],
  ['reassign', 'dermatologist', ['in_review'], 'in_review'],
];

describe('case state machine', () => {
  it('has one rule per transition', () => {
    expect(CASE_TRANSITION_RULES.map((r) => r.transition).sort()).toEqual([...CASE_TRANSITIONS].sort());
  });

  describe.each(expected)('%s', (transition, party, from, to) => {
    it(`is performed by the ${party}`, () => {
      expect(partyFor(transition)).toBe(party);
    });

    it.each(from)(`goes from %s to ${to}`, (state) => {
      expect(nextState(state, transition)).toBe(to);
    });

    const refused = CASE_STATES.filter((state) => !from.includes(state));
    it.each(refused)('is refused from %s', (state) => {
      expect(nextState(state, transition)).toBeNull();
    });
  });

  it('lists allowed transitions per state', () => {
    expect(allowedTransitions('draft')).toEqual(['submit', 'withdraw']);
    expect(allowedTransitions('submitted')).toEqual(['claim', 'withdraw']);
    expect(allowedTransitions('in_review')).toEqual(['release', 'ask_question', 'sign_answer', 'withdraw', 'reassign']);
    expect(allowedTransitions('awaiting_requester')).toEqual(['answer_question', 'withdraw']);
    expect(allowedTransitions('answered')).toEqual(['acknowledge']);
    expect(allowedTransitions('acknowledged')).toEqual([]);
    expect(allowedTransitions('withdrawn')).toEqual([]);
  });

  it('filters allowed transitions by party', () => {
    expect(allowedTransitions('in_review', 'requester')).toEqual(['withdraw']);
    expect(allowedTransitions('in_review', 'dermatologist')).toEqual(['release', 'ask_question', 'sign_answer', 'reassign']);
    expect(allowedTransitions('answered', 'dermatologist')).toEqual([]);
  });

  it('knows open and terminal states', () => {
    expect(OPEN_CASE_STATES).toEqual(['submitted', 'in_review', 'awaiting_requester']);
    expect(isOpenState('draft')).toBe(false);
    expect(isOpenState('awaiting_requester')).toBe(true);
    expect(isTerminalState('acknowledged')).toBe(true);
    expect(isTerminalState('withdrawn')).toBe(true);
    expect(isTerminalState('answered')).toBe(false);
    for (const state of CASE_STATES) {
      expect(isTerminalState(state)).toBe(allowedTransitions(state).length === 0);
    }
  });

  it('reaches every state from draft', () => {
    const seen = new Set<CaseState>(['draft']);
    const frontier: CaseState[] = ['draft'];
    while (frontier.length > 0) {
      const state = frontier.pop()!;
      for (const transition of allowedTransitions(state)) {
        const next = nextState(state, transition)!;
        if (!seen.has(next)) {
          seen.add(next);
          frontier.push(next);
        }
      }
    }
    expect([...seen].sort()).toEqual([...CASE_STATES].sort());
  });
});
