import sys,os
pid=sys.argv[1]
for tid in os.listdir(f'/proc/{pid}/task'):
    try:
        st=open(f'/proc/{pid}/task/{tid}/stat').read()
        comm=st[st.index('(')+1:st.rindex(')')]
        f=st[st.rindex(')')+2:].split()
        u,s=int(f[11]),int(f[12])
        status=open(f'/proc/{pid}/task/{tid}/status').read()
        v=n=0
        for l in status.splitlines():
            if l.startswith('voluntary_ctxt_switches'): v=int(l.split()[1])
            if l.startswith('nonvoluntary_ctxt_switches'): n=int(l.split()[1])
        print(f'{tid}|{comm}|{u} {s}|{v}|{n}')
    except FileNotFoundError: pass
