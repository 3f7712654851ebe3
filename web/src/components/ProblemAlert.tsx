import { Alert } from 'antd';
import { ApiError } from '../api/http';

/** A refused call as the API explained it: its problem title and detail, and each invalid field. */
export function ProblemAlert({ error, message }: { error: unknown; message?: string }) {
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : { title: 'Lỗi', detail: String(error), errors: undefined };
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="problem"
      style={{ marginBottom: 16 }}
      title={message ? `${message} — ${problem.title}` : problem.title}
      description={
        <>
          {problem.detail && <div>{problem.detail}</div>}
          {problem.errors?.length ? (
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {problem.errors.map((e) => (
                <li key={`${e.path}:${e.message}`}>
                  {e.path}: {e.message}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      }
    />
  );
}
