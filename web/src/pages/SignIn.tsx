import { useState } from 'react';
import { Alert, Button, Card, Col, Flex, Row, Spin, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { localCall } from '../api/http';
import type { Official, Page } from '../api/types';
import { signInConfig, type SignInConfig } from '../auth/config';
import { startSession, takeExpired } from '../auth/session';
import { ProblemAlert } from '../components/ProblemAlert';

/** Why the official is on this page again: the last session ran out or its token was refused. */
function Expired() {
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      title="Phiên đăng nhập đã hết hạn"
      description="Vui lòng đăng nhập lại để tiếp tục."
    />
  );
}

/** The sign-in of the deployment: Cognito's managed login on AWS, the seeded officials locally. */
export default function SignIn() {
  const [expired] = useState(takeExpired);
  const config = useQuery({ queryKey: ['sign-in-config'], queryFn: signInConfig, staleTime: Infinity });
  if (config.isPending) return <Spin aria-label="Đang tải" />;
  return config.data?.signIn === 'cognito' ? <CognitoSignIn config={config.data} expired={expired} /> : <LocalSignIn expired={expired} />;
}

/** On AWS: one button to the pool's managed login (password and authenticator code there). */
function CognitoSignIn({ config, expired }: { config: Extract<SignInConfig, { signIn: 'cognito' }>; expired: boolean }) {
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      const { signInWithCognito } = await import('../auth/cognito');
      await signInWithCognito(config);
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  };
  return (
    <main style={{ maxWidth: 560, margin: '0 auto', padding: 24 }}>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        Một Cửa — Đăng nhập
      </Typography.Title>
      {expired && <Expired />}
      <ProblemAlert error={failure} message="Không đăng nhập được" />
      <Typography.Paragraph>Đăng nhập bằng tài khoản công chức do tỉnh cấp (mật khẩu và mã xác thực hai lớp).</Typography.Paragraph>
      <Button type="primary" size="large" loading={busy} onClick={() => void go()}>
        Đăng nhập
      </Button>
    </main>
  );
}

/**
 * Local sign-in: every seeded official in one click, grouped by commune and then the province.
 * The token comes from the local runtime exactly as Cognito would issue it.
 */
function LocalSignIn({ expired }: { expired: boolean }) {
  const navigate = useNavigate();
  const [failure, setFailure] = useState<unknown>();
  const [signingIn, setSigningIn] = useState<string>();
  const officials = useQuery({
    queryKey: ['local-officials'],
    queryFn: () => localCall<Page<Official>>('GET', '/_local/officials'),
    retry: false,
  });

  const signIn = async (official: Official) => {
    setSigningIn(official.username);
    setFailure(undefined);
    try {
      // The pool's own record of the official: the token carries what the province set.
      const { token } = await localCall<{ token: string }>('POST', '/_local/token', { username: official.username });
      startSession(token, official.label);
      navigate('/', { replace: true });
    } catch (error) {
      setFailure(error);
      setSigningIn(undefined);
    }
  };

  const groups = new Map<string, Official[]>();
  for (const official of officials.data?.items ?? []) {
    const place = official.label.split(' — ').at(-1) ?? official.province;
    groups.set(place, [...(groups.get(place) ?? []), official]);
  }

  return (
    <main style={{ maxWidth: 1280, margin: '0 auto', padding: 24 }}>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        Một Cửa — Đăng nhập
      </Typography.Title>
      <Typography.Paragraph>Chọn cán bộ để làm việc với vai trò của người đó (môi trường chạy thử trên máy).</Typography.Paragraph>
      {expired && <Expired />}
      <ProblemAlert error={failure} message="Không đăng nhập được" />
      {officials.isPending && <Spin aria-label="Đang tải danh sách cán bộ" />}
      {officials.isError && <ProblemAlert error={officials.error} message="Không tải được danh sách cán bộ" />}
      <Row gutter={[16, 16]}>
        {[...groups].map(([place, list]) => (
          <Col key={place} xs={24} md={12} xl={8}>
            <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{place}</h2>} size="small">
              <Flex vertical gap={6}>
                {list.map((official) => (
                  <Button
                    key={official.username}
                    block
                    style={{ justifyContent: 'flex-start' }}
                    loading={signingIn === official.username}
                    onClick={() => void signIn(official)}
                  >
                    {official.label}
                  </Button>
                ))}
              </Flex>
            </Card>
          </Col>
        ))}
      </Row>
    </main>
  );
}
