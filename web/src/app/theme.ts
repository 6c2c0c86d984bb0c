import { createTheme, type MantineColorsTuple } from '@mantine/core';

// Mantine's cyan with its two darkest shades moved darker. The primary shade is 8 so that the
// filled hover (shade 9) is darker still: with shade 9 as primary Mantine hovers on the lighter
// shade 8 (#0c8599), where white text falls below WCAG AA (4.34:1, flagged by axe).
const dermlinkCyan: MantineColorsTuple = ['#e3fafc', '#c5f6fa', '#99e9f2', '#66d9e8', '#3bc9db', '#22b8cf', '#15aabf', '#1098ad', '#0b7285', '#095c6b'];

export const theme = createTheme({
  colors: { cyan: dermlinkCyan },
  primaryColor: 'cyan',
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'md',
  respectReducedMotion: true,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  components: {
    // A light alert's title in its own colour falls below AA on its tinted background (teal: 4.32:1).
    Alert: { styles: { title: { color: 'var(--mantine-color-text)' } } },
    // A long label wraps on a narrow phone instead of being cut ("Book your video appointm...").
    Button: {
      defaultProps: { size: 'md' },
      styles: {
        root: { height: 'auto', minHeight: 'var(--button-height)' },
        // The border takes 2px of the height: the inner box fills the rest and centres one line.
        inner: { minHeight: 'calc(var(--button-height) - 2px)', paddingBlock: 4 },
        label: { whiteSpace: 'normal', textAlign: 'center', overflow: 'visible', lineHeight: 1.3 },
      },
    },
  },
});
