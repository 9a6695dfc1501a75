import { useState } from 'react';
import {
  Content,
  Header,
  InfoCard,
  Page,
  ProxiedSignInPage,
} from '@backstage/core-components';
import { SignInPageProps } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';

/** The users of examples/org.yaml; the sign-in goes through the backend's `demo` provider. */
export const DEMO_USERS = [
  { name: 'guest', label: 'Guest', role: 'Platform team' },
  { name: 'alice', label: 'Alice', role: 'Platform team · CAB chair' },
  { name: 'bob', label: 'Bob', role: 'Shop team (service owner)' },
  { name: 'carol', label: 'Carol', role: 'Payments team · CAB' },
  { name: 'dave', label: 'Dave', role: 'Shop team · CAB' },
  { name: 'erin', label: 'Erin', role: 'Payments team' },
  { name: 'frank', label: 'Frank', role: 'Platform team' },
];

export const DEMO_USER_STORAGE_KEY = 'itsm-demo-user';
const NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/i;

/** `?as=carol` picks a user; `?as=` (empty) shows the picker again. */
function initialUser(): string | null {
  const param = new URLSearchParams(window.location.search).get('as');
  if (param !== null) {
    if (param && NAME.test(param)) {
      window.localStorage.setItem(DEMO_USER_STORAGE_KEY, param);
      return param;
    }
    window.localStorage.removeItem(DEMO_USER_STORAGE_KEY);
    return null;
  }
  const stored = window.localStorage.getItem(DEMO_USER_STORAGE_KEY);
  return stored && NAME.test(stored) ? stored : null;
}

/**
 * Sign-in page of the demo portal (local use and e2e tests only): pick one of the demo users.
 * The choice is remembered in this browser; open `/?as=` to choose again.
 */
export function DemoSignInPage(props: SignInPageProps) {
  const [user, setUser] = useState<string | null>(initialUser);

  if (user) {
    return (
      <ProxiedSignInPage
        {...props}
        provider="demo"
        headers={{ 'x-itsm-demo-user': user }}
        ErrorComponent={({ error }) => (
          <Page themeId="home">
            <Header title="Backstage ITSM demo" />
            <Content>
              <Typography role="alert" color="error">
                Could not sign in as {user}: {error?.message}
              </Typography>
              <Button
                variant="outlined"
                onClick={() => {
                  window.localStorage.removeItem(DEMO_USER_STORAGE_KEY);
                  setUser(null);
                }}
              >
                Choose another user
              </Button>
            </Content>
          </Page>
        )}
      />
    );
  }

  return (
    <Page themeId="home">
      <Header
        title="Backstage ITSM demo"
        subtitle="Sign in as one of the demo users"
      />
      <Content>
        <Grid container spacing={2}>
          {DEMO_USERS.map(u => (
            <Grid item xs={12} sm={6} md={3} key={u.name}>
              <InfoCard title={u.label} subheader={u.role}>
                <Button
                  variant="contained"
                  color="primary"
                  aria-label={`Sign in as ${u.label}`}
                  onClick={() => {
                    window.localStorage.setItem(DEMO_USER_STORAGE_KEY, u.name);
                    setUser(u.name);
                  }}
                >
                  Sign in
                </Button>
              </InfoCard>
            </Grid>
          ))}
        </Grid>
      </Content>
    </Page>
  );
}
