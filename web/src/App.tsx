import { lazy, Suspense } from 'react';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import viVN from 'antd/locale/vi_VN';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, Navigate, Outlet, RouterProvider } from 'react-router';
import { ApiError } from './api/http';
import { hasRole, useSession } from './auth/session';
import { Shell } from './components/Shell';

dayjs.locale('vi');

const SignIn = lazy(() => import('./pages/SignIn'));
const AuthCallback = lazy(() => import('./pages/AuthCallback'));
const Worklist = lazy(() => import('./pages/Worklist'));
const DossierPage = lazy(() => import('./pages/Dossier'));
const Reception = lazy(() => import('./pages/Reception'));
const Receipt = lazy(() => import('./pages/Receipt'));
const Dashboard = lazy(() => import('./pages/Dashboard'));
const CatalogueImport = lazy(() => import('./pages/CatalogueImport'));
const Collections = lazy(() => import('./pages/Collections'));
const Officials = lazy(() => import('./pages/Officials'));

/** The desk's red, and greys dark enough to read (WCAG AA contrast) on a plain office screen. */
const THEME = {
  token: {
    colorPrimary: '#b71c1c',
    colorLink: '#8e1414',
    colorError: '#c62828',
    colorWarning: '#8a5a00',
    colorSuccess: '#2e7d32',
    borderRadius: 4,
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextQuaternary: 'rgba(0, 0, 0, 0.6)',
  },
};

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refused read is shown at once; only a lost connection is worth a second try.
      retry: (count, error) => count < 2 && error instanceof ApiError && error.status === 0,
      refetchOnWindowFocus: true,
      staleTime: 5_000,
    },
  },
});

function Loading() {
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin aria-label="Đang tải" />
    </div>
  );
}

/** Every page but sign-in needs a live session; an expired one goes back to sign in. */
function RequireSession() {
  const session = useSession();
  if (!session) return <Navigate to="/sign-in" replace />;
  return (
    <Shell>
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
    </Shell>
  );
}

function Home() {
  const session = useSession();
  // The province's officials have no commune worklist: their first screen is the province report.
  if (hasRole(session, 'PROVINCE_ADMIN', 'PROVINCE_AUDITOR')) return <Navigate to="/reports" replace />;
  return <Worklist />;
}

const router = createBrowserRouter([
  {
    path: '/sign-in',
    element: (
      <Suspense fallback={<Loading />}>
        <SignIn />
      </Suspense>
    ),
  },
  {
    path: '/auth/callback',
    element: (
      <Suspense fallback={<Loading />}>
        <AuthCallback />
      </Suspense>
    ),
  },
  {
    element: <RequireSession />,
    children: [
      { index: true, element: <Home /> },
      { path: 'reception', element: <Reception /> },
      { path: 'reports', element: <Dashboard /> },
      { path: 'collections', element: <Collections /> },
      { path: 'catalogue-import', element: <CatalogueImport /> },
      { path: 'officials', element: <Officials /> },
      { path: 'dossiers/:commune/:id', element: <DossierPage /> },
      { path: 'dossiers/:commune/:id/receipt', element: <Receipt /> },
    ],
  },
  { path: '*', element: <Navigate to="/" replace /> },
]);

export function App() {
  return (
    <ConfigProvider locale={viVN} theme={THEME}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
