import { useState } from 'react';
import { Alert, Button, Card, Col, Flex, Row, Spin, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { localCall } from '../api/http';
import type { Official, Page } from '../api/types';
import { startSession, takeExpired } from '../auth/session';
import { ProblemAlert } from '../components/ProblemAlert';

/**
 * Local sign-in: every seeded official in one click, grouped by commune and then the province.
 * The token comes from the local runtime exactly as Cognito would issue it.
 */
export default function SignIn() {
  const navigate = useNavigate();
  const [expired] = useState(takeExpired);
  const [failure, setFailure] = useState<unknown>();
  const [signingIn, setSigningIn] = useState<string>();
  const officials = useQuery({
    queryKey: ['local-officials'],
    queryFn: () => localCall<Page<Official>>('GET', '/_local/officials'),
    retry: false,
  });

  const signIn = async (official: Official) => {
    setSigningIn(official.sub);
    setFailure(undefined);
    try {
      const { sub, roles, province, commune, department } = official;
      const { token } = await localCall<{ token: string }>('POST', '/_local/token', {
        sub,
        roles,
        province,
        ...(commune ? { commune } : {}),
        ...(department ? { department } : {}),
      });
      startSession(token, official.name);
      navigate('/', { replace: true });
    } catch (error) {
      setFailure(error);
      setSigningIn(undefined);
    }
  };

  const groups = new Map<string, Official[]>();
  for (const official of officials.data?.items ?? []) {
    const place = official.name.split(' — ')[1] ?? official.province;
    groups.set(place, [...(groups.get(place) ?? []), official]);
  }

  return (
    <main style={{ maxWidth: 1280, margin: '0 auto', padding: 24 }}>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        Một Cửa — Đăng nhập
      </Typography.Title>
      <Typography.Paragraph>Chọn cán bộ để làm việc với vai trò của người đó (môi trường chạy thử trên máy).</Typography.Paragraph>
      {expired && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          title="Phiên đăng nhập đã hết hạn"
          description="Vui lòng đăng nhập lại để tiếp tục."
        />
      )}
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
                    key={official.sub}
                    block
                    style={{ justifyContent: 'flex-start' }}
                    loading={signingIn === official.sub}
                    onClick={() => void signIn(official)}
                  >
                    {official.name}
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
