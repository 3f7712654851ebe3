import { useEffect, useState } from 'react';
import { Button, Spin, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { signInConfig } from '../auth/config';
import { startSession } from '../auth/session';
import { ProblemAlert } from '../components/ProblemAlert';

/** Where Cognito's managed login sends the official back: the code becomes the session. */
export default function AuthCallback() {
  const navigate = useNavigate();
  const [failure, setFailure] = useState<unknown>();
  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const config = await signInConfig();
        if (config.signIn !== 'cognito') throw new Error('this deployment signs in without Cognito');
        const { completeCognitoSignIn } = await import('../auth/cognito');
        const { accessToken, name } = await completeCognitoSignIn(config);
        if (!live) return;
        startSession(accessToken, name);
        navigate('/', { replace: true });
      } catch (error) {
        if (live) setFailure(error);
      }
    })();
    return () => {
      live = false;
    };
  }, [navigate]);
  if (!failure) return <Spin aria-label="Đang đăng nhập" />;
  return (
    <main style={{ maxWidth: 560, margin: '0 auto', padding: 24 }}>
      <Typography.Title level={1} style={{ fontSize: 26 }}>
        Một Cửa — Đăng nhập
      </Typography.Title>
      <ProblemAlert error={failure} message="Không hoàn tất được đăng nhập" />
      <Button type="primary" onClick={() => navigate('/sign-in', { replace: true })}>
        Đăng nhập lại
      </Button>
    </main>
  );
}
