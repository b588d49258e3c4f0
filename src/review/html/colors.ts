/**
 * One colour per root category, shared by the chart, its legend and the table's category badges.
 * Root-usage categories get saturated hues; context categories greys and a muted amber.
 */
import type { RootCategory } from '../../report/model.js';

/** Fill colour per category. */
export const CATEGORY_COLORS: Readonly<Record<RootCategory, string>> = {
  'console-login-success': '#2563eb',
  'console-login-failure': '#dc2626',
  'root-api-call': '#9333ea',
  'root-console-action': '#ea580c',
  'assume-root-session': '#0d9488',
  'service-on-behalf-of-root': '#6b7280',
  'root-service-event': '#9ca3af',
  'root-sign-in-other': '#b45309',
};
