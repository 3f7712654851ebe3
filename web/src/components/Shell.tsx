import type { ReactNode } from 'react';
import { Button, Layout, Menu, Space, Typography } from 'antd';
import { Link, useLocation, useNavigate } from 'react-router';
import { signInConfig } from '../auth/config';
import { endSession, hasRole, useSession } from '../auth/session';
import { TERMS } from '../glossary';

/** The frame of every signed-in page: what the official may open, who they are, sign-out. */
export function Shell({ children }: { children: ReactNode }) {
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const province = hasRole(session, 'PROVINCE_ADMIN', 'PROVINCE_AUDITOR');
  const items = [
    ...(province ? [] : [{ key: '/', label: <Link to="/">{TERMS.worklist}</Link> }]),
    ...(hasRole(session, 'RECEPTION') ? [{ key: '/reception', label: <Link to="/reception">Tiếp nhận hồ sơ</Link> }] : []),
    ...(hasRole(session, 'LEADER', 'DEPT_HEAD', 'PROVINCE_ADMIN', 'PROVINCE_AUDITOR') ? [{ key: '/reports', label: <Link to="/reports">Báo cáo</Link> }] : []),
    ...(hasRole(session, 'LEADER', 'RECEPTION', 'PROVINCE_ADMIN', 'PROVINCE_AUDITOR')
      ? [{ key: '/collections', label: <Link to="/collections">Thu phí, lệ phí</Link> }]
      : []),
    ...(hasRole(session, 'PROVINCE_ADMIN')
      ? [
          { key: '/catalogue-import', label: <Link to="/catalogue-import">Nhập danh mục</Link> },
          { key: '/officials', label: <Link to="/officials">Cán bộ</Link> },
        ]
      : []),
  ];
  const selected = items.find((i) => i.key !== '/' && location.pathname.startsWith(i.key))?.key ?? '/';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">
        Bỏ qua thanh điều hướng
      </a>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24, background: '#7f1010', paddingInline: 24 }}>
        <Link to="/" style={{ color: '#fff', fontWeight: 700, fontSize: 18, whiteSpace: 'nowrap' }}>
          Một Cửa
        </Link>
        <nav aria-label="Chức năng" style={{ flex: 1, minWidth: 0 }}>
          <Menu theme="dark" mode="horizontal" selectedKeys={[selected]} items={items} style={{ background: 'transparent' }} />
        </nav>
        <Space>
          <Typography.Text style={{ color: '#fff' }} data-testid="signed-in-as">
            {session?.name}
          </Typography.Text>
          <Button
            onClick={async () => {
              endSession();
              const config = await signInConfig();
              if (config.signIn !== 'cognito') return navigate('/sign-in');
              const { signOutOfCognito } = await import('../auth/cognito');
              await signOutOfCognito(config);
            }}
          >
            Đăng xuất
          </Button>
        </Space>
      </Layout.Header>
      {/* Content is the page's <main>. */}
      <Layout.Content id="main" tabIndex={-1} style={{ padding: 24 }}>
        {children}
      </Layout.Content>
    </Layout>
  );
}
