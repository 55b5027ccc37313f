import { useEffect, useState } from 'react';
import type { BackendClient } from '../api/backendClient';
import type { MethodInfo } from '../api/backendTypes';

/** The detectors the backend offers (tabular backends and streaming methods), loaded once. */
export function useMethods(client: BackendClient): {
  methods: MethodInfo[];
  loading: boolean;
  error?: string;
} {
  const [state, setState] = useState<{ methods: MethodInfo[]; loading: boolean; error?: string }>({
    methods: [],
    loading: true,
  });
  useEffect(() => {
    let live = true;
    client.methods().then(
      (methods) => live && setState({ methods, loading: false }),
      (error: Error) => live && setState({ methods: [], loading: false, error: error.message }),
    );
    return () => {
      live = false;
    };
  }, [client]);
  return state;
}
