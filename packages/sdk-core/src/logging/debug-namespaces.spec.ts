import { describe, expect, it } from 'vitest';
import { isDebugEnabled, parseDebugNamespaces } from './debug-namespaces.js';

describe('parseDebugNamespaces', () => {
  it('switches on the listed namespaces only', () => {
    const selection = parseDebugNamespaces('channel,router');
    expect(isDebugEnabled(selection, 'channel')).toBe(true);
    expect(isDebugEnabled(selection, 'router')).toBe(true);
    expect(isDebugEnabled(selection, 'mesh')).toBe(false);
  });

  it('takes spaces, mixed case and empty items', () => {
    const selection = parseDebugNamespaces(' Mesh ,, registry  sidecar');
    expect([...selection.names].sort()).toEqual(['mesh', 'registry', 'sidecar']);
  });

  it('reads * as every namespace', () => {
    const selection = parseDebugNamespaces('*');
    expect(isDebugEnabled(selection, 'channel')).toBe(true);
    expect(isDebugEnabled(selection, 'anything')).toBe(true);
  });

  it('switches nothing on when unset or blank', () => {
    expect(isDebugEnabled(parseDebugNamespaces(undefined), 'channel')).toBe(false);
    expect(isDebugEnabled(parseDebugNamespaces('  '), 'channel')).toBe(false);
  });
});
