// Role-level permission of the figures feature.
import { defineActions } from '../auth/policy.ts';

defineActions({ 'figures.read': ['coordinator'] });
