def study_qdpx(*a): pass
def codebook_qdc(*a): pass
