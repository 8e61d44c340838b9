// Teams theme names → Fluent UI v9 themes.
import {
  type Theme,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
} from '@fluentui/react-components';
import type { TeamsTheme } from './host/teams.ts';

export function fluentTheme(theme: TeamsTheme): Theme {
  return theme === 'dark' ? teamsDarkTheme : theme === 'contrast' ? teamsHighContrastTheme : teamsLightTheme;
}
