// One list for the sidebar, the shortcuts and main's app menu: shared/app-views.ts.
export { APP_VIEWS, isAppView, type AppView } from '../../../shared/app-views';
